import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One step: the job starts with the workflow, or, given a crawler, once that crawler's run succeeded. */
export interface CrawlThenRun {
  id: string;
  /** Crawl first (a job that reads through the catalog); without it the workflow starts the job. */
  crawlerName?: pulumi.Input<string>;
  jobName: pulumi.Input<string>;
}

export interface CrawlRefineWorkflowArgs {
  workflowName: pulumi.Input<string>;
  description: string;
  /** Glue cron expression of the start trigger, e.g. `cron(15 * * * ? *)`. */
  schedule: pulumi.Input<string>;
  steps: CrawlThenRun[];
  /** Create the start trigger enabled. @default true */
  enabled?: boolean;
}

/**
 * A Glue workflow on a schedule: a step with a crawler crawls first and runs its job once the crawl
 * succeeded (a job that reads through the catalog); a step without one starts its job directly.
 */
export class CrawlRefineWorkflow extends pulumi.ComponentResource {
  readonly workflow: aws.glue.Workflow;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: CrawlRefineWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:CrawlRefineWorkflow", name, {}, opts);
    if (args.steps.length === 0) throw new Error(`CrawlRefineWorkflow ${name}: needs at least one step`);
    this.workflow = new aws.glue.Workflow(
      name,
      { name: args.workflowName, description: args.description, maxConcurrentRuns: 1 },
      { parent: this },
    );
    new aws.glue.Trigger(
      `${name}-start`,
      {
        name: pulumi.interpolate`${args.workflowName}-start`,
        workflowName: this.workflow.name,
        type: "SCHEDULED",
        schedule: args.schedule,
        enabled: args.enabled ?? true,
        startOnCreation: args.enabled ?? true,
        actions: args.steps.map((s) =>
          s.crawlerName === undefined ? { jobName: s.jobName } : { crawlerName: s.crawlerName },
        ),
      },
      { parent: this },
    );
    for (const step of args.steps) {
      if (step.crawlerName === undefined) continue;
      new aws.glue.Trigger(
        `${name}-${step.id}`,
        {
          name: pulumi.interpolate`${args.workflowName}-${step.id}`,
          workflowName: this.workflow.name,
          type: "CONDITIONAL",
          startOnCreation: true,
          predicate: {
            conditions: [
              { crawlerName: step.crawlerName, crawlState: "SUCCEEDED", logicalOperator: "EQUALS" },
            ],
          },
          actions: [{ jobName: step.jobName }],
        },
        { parent: this },
      );
    }
    this.name = this.workflow.name;
    this.registerOutputs({ name: this.name });
  }
}

export interface ScheduledJobArgs {
  triggerName: pulumi.Input<string>;
  jobName: pulumi.Input<string>;
  /** Glue cron expression. */
  schedule: pulumi.Input<string>;
  /** @default true */
  enabled?: boolean;
}

/** A job started on its own schedule, outside any workflow (the CDC merge). */
export class ScheduledJob extends pulumi.ComponentResource {
  readonly trigger: aws.glue.Trigger;

  constructor(name: string, args: ScheduledJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:ScheduledJob", name, {}, opts);
    this.trigger = new aws.glue.Trigger(
      name,
      {
        name: args.triggerName,
        type: "SCHEDULED",
        schedule: args.schedule,
        enabled: args.enabled ?? true,
        startOnCreation: args.enabled ?? true,
        actions: [{ jobName: args.jobName }],
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
