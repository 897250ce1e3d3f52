import type { ProgramName } from "./layers";

/** The tags every taggable AWS resource of the platform carries. */
export interface PlatformTags {
  platform: string;
  layer: string;
  environment: string;
  "owner-team": string;
  "managed-by": string;
}

export const PLATFORM_TAG_KEYS: readonly (keyof PlatformTags)[] = [
  "platform",
  "layer",
  "environment",
  "owner-team",
  "managed-by",
];

export function platformTags(program: ProgramName, environment: string, ownerTeam: string): PlatformTags {
  return {
    platform: "lakehouse",
    layer: program,
    environment,
    "owner-team": ownerTeam,
    "managed-by": "pulumi",
  };
}
