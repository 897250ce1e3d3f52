export * from "./config";
export * from "./layers";
export * from "./outputs";
export * from "./raw-zone";
export * from "./stack-reference";
export * from "./tags";
export * from "./event-schema";
