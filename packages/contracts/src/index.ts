export * from "./access";
export * from "./config";
export * from "./event-schema";
export * from "./layers";
export * from "./outputs";
export * from "./raw-zone";
export * from "./stack-reference";
export * from "./tags";
