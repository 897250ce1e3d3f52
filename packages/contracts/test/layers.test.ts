import { describe, expect, it } from "vitest";
import { dependentsOf, LAYER_DEPENDENCIES, LAYERS, stackFile, waves, withDownstream } from "../src";

describe("layer DAG", () => {
  it("lists every layer after the layers it reads", () => {
    for (const layer of LAYERS) {
      for (const dep of LAYER_DEPENDENCIES[layer]) {
        expect(LAYERS.indexOf(dep)).toBeLessThan(LAYERS.indexOf(layer));
      }
    }
  });

  it("groups independent layers into waves", () => {
    expect(waves()).toEqual([["network", "lake-storage"], ["ingestion"], ["transformation"], ["analytics"]]);
    expect(waves(["analytics", "network"])).toEqual([["network", "analytics"]]);
  });

  it("adds every downstream layer, in DAG order", () => {
    expect(withDownstream(["ingestion"])).toEqual(["ingestion", "transformation", "analytics"]);
    expect(withDownstream(["network"])).toEqual(["network", "ingestion", "transformation", "analytics"]);
    expect(withDownstream(["analytics"])).toEqual(["analytics"]);
    expect(dependentsOf("lake-storage")).toEqual(["ingestion", "transformation", "analytics"]);
  });

  it("names each program's stack file under stacks/", () => {
    expect(stackFile("ingestion", "prod")).toBe("stacks/ingestion/Pulumi.prod.yaml");
    expect(stackFile("bootstrap", "dev")).toBe("stacks/bootstrap/Pulumi.dev.yaml");
  });
});
