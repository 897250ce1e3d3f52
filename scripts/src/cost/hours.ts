/** Hours in a month for every hourly price: 365 days x 24 h / 12, as AWS's pricing calculator uses. */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
