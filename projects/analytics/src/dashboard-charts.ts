import type { DashboardChart } from "@lakehouse/components";
import {
  CDC_CHANGE_VOLUME,
  DAILY_EVENTS_BY_TYPE,
  GA4_SESSIONS_PER_DAY,
  type ReportDefinition,
} from "./reports";

/** The overview dashboard's charts: the three fixed reports, then one bar chart per CDC state report. */
export function overviewCharts(stateDefinitions: ReportDefinition[]): DashboardChart[] {
  return [
    {
      id: "events-by-type",
      kind: "bar",
      title: "Client events per day by type",
      dataSet: DAILY_EVENTS_BY_TYPE.name,
      category: { column: "event_date", date: true },
      color: "event_type",
      values: ["events"],
    },
    {
      id: "ga4-sessions",
      kind: "line",
      title: "GA4 sessions and users (bounds) per day",
      dataSet: GA4_SESSIONS_PER_DAY.name,
      category: { column: "session_date", date: true },
      values: ["sessions", "users_at_least", "users_at_most"],
    },
    {
      id: "cdc-volume",
      kind: "bar",
      title: "CDC changes applied per day by operation",
      dataSet: CDC_CHANGE_VOLUME.name,
      category: { column: "change_date", date: true },
      values: ["inserted_records", "updated_records", "deleted_records"],
    },
    {
      id: "cdc-deletes",
      kind: "bar",
      title: "CDC deletes per day by source",
      dataSet: CDC_CHANGE_VOLUME.name,
      category: { column: "change_date", date: true },
      color: "source",
      values: ["deleted_records"],
    },
    ...stateDefinitions.map(
      (definition): DashboardChart => ({
        id: definition.name.replace(/_/g, "-"),
        kind: "bar",
        title: definition.description.split(";")[0] as string,
        dataSet: definition.name,
        category: { column: (definition.columns[0] as { name: string }).name },
        values: ["entities"],
      }),
    ),
  ];
}
