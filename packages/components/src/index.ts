export * from "./core/layer-context";
export * from "./core/platform-tags";
