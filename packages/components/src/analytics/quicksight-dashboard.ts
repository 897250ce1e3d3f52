import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { audiencePermissions, QUICKSIGHT_ACTIONS, type QuickSightAudience } from "./quicksight-permissions";

type Definition = awsnative.types.input.quicksight.DashboardVersionDefinitionArgs;
type Visual = awsnative.types.input.quicksight.DashboardVisualArgs;
type DimensionField = awsnative.types.input.quicksight.DashboardDimensionFieldArgs;
type MeasureField = awsnative.types.input.quicksight.DashboardMeasureFieldArgs;

/** A chart of one dataset: one category (a date or a string column) against summed measures. */
export interface DashboardChart {
  /** Unique within the dashboard; letters, digits, dashes. */
  id: string;
  kind: "bar" | "line";
  title: string;
  /** Identifier of a dataset declared in `dataSets`. */
  dataSet: string;
  /** The x axis: a column, by day when `date` is set. */
  category: { column: string; date?: boolean };
  /** Optional split of each bar or line by a string column (then `values` must hold one column). */
  color?: string;
  /** Columns summed on the y axis. */
  values: string[];
}

export interface QuickSightDashboardArgs {
  dashboardId: pulumi.Input<string>;
  displayName: pulumi.Input<string>;
  /** Dataset identifier (as the charts reference it) -> dataset ARN. */
  dataSets: Record<string, pulumi.Input<string>>;
  /** Charts, laid out on one sheet in this order. */
  charts: DashboardChart[];
  audience: QuickSightAudience;
  /** Tags of the dashboard (aws-native takes a list; the platform's stack transformation covers only @pulumi/aws). */
  tags?: Record<string, string>;
  /** @default "Managed by Pulumi" */
  versionDescription?: pulumi.Input<string>;
}

/**
 * QuickSight's grid is 36 columns wide; an element spans 1-36 columns and 1-21 rows
 * (https://docs.aws.amazon.com/quicksight/latest/APIReference/API_GridLayoutElement.html).
 */
const GRID_COLUMNS = 36;
const CHART_ROWS = 12;

/** Visuals in order, two side by side per row of the grid, each half the width. */
function gridLayout(
  visualIds: string[],
): awsnative.types.input.quicksight.DashboardGridLayoutConfigurationArgs {
  const span = GRID_COLUMNS / 2;
  return {
    elements: visualIds.map((elementId, i) => ({
      elementId,
      elementType: "VISUAL",
      columnIndex: (i % 2) * span,
      columnSpan: span,
      rowIndex: Math.floor(i / 2) * CHART_ROWS,
      rowSpan: CHART_ROWS,
    })),
    canvasSizeOptions: { screenCanvasSizeOptions: { resizeOption: "RESPONSIVE" } },
  };
}

/** Builds the QuickSight definition of a one-sheet dashboard from chart specs. Exported for tests. */
export function dashboardDefinition(
  dataSets: Record<string, pulumi.Input<string>>,
  charts: DashboardChart[],
): Definition {
  const ids = new Set<string>();
  for (const chart of charts) {
    if (!(chart.dataSet in dataSets)) {
      throw new Error(
        `chart ${chart.id}: dataset "${chart.dataSet}" is not declared (have: ${Object.keys(dataSets).join(", ")})`,
      );
    }
    if (ids.has(chart.id)) throw new Error(`chart ${chart.id}: duplicate chart id`);
    // QuickSight rejects a colour split combined with several measures.
    if (chart.color && chart.values.length > 1) {
      throw new Error(`chart ${chart.id}: a colour split allows only one value, got ${chart.values.length}`);
    }
    ids.add(chart.id);
  }
  const visuals: Visual[] = charts.map((chart) => {
    const column = (columnName: string) => ({ dataSetIdentifier: chart.dataSet, columnName });
    const category: DimensionField[] = [
      chart.category.date
        ? {
            dateDimensionField: {
              fieldId: `${chart.id}-x`,
              column: column(chart.category.column),
              dateGranularity: "DAY",
            },
          }
        : { categoricalDimensionField: { fieldId: `${chart.id}-x`, column: column(chart.category.column) } },
    ];
    const colors: DimensionField[] | undefined = chart.color
      ? [{ categoricalDimensionField: { fieldId: `${chart.id}-color`, column: column(chart.color) } }]
      : undefined;
    const values: MeasureField[] = chart.values.map((v) => ({
      numericalMeasureField: {
        fieldId: `${chart.id}-${v}`,
        column: column(v),
        aggregationFunction: { simpleNumericalAggregation: "SUM" },
      },
    }));
    const title = { visibility: "VISIBLE" as const, formatText: { plainText: chart.title } };
    return chart.kind === "bar"
      ? {
          barChartVisual: {
            visualId: chart.id,
            title,
            chartConfiguration: {
              orientation: "VERTICAL",
              barsArrangement: "STACKED",
              fieldWells: { barChartAggregatedFieldWells: { category, colors, values } },
            },
          },
        }
      : {
          lineChartVisual: {
            visualId: chart.id,
            title,
            chartConfiguration: {
              type: "LINE",
              fieldWells: { lineChartAggregatedFieldWells: { category, colors, values } },
            },
          },
        };
  });
  return {
    dataSetIdentifierDeclarations: Object.entries(dataSets).map(([identifier, dataSetArn]) => ({
      identifier,
      dataSetArn,
    })),
    sheets: [
      {
        sheetId: "overview",
        name: "Overview",
        title: "Lakehouse overview",
        visuals,
        // A sheet renders only what its layout places: one grid element per visual, two per row.
        layouts: [{ configuration: { gridLayout: gridLayout(charts.map((c) => c.id)) } }],
      },
    ],
    analysisDefaults: {
      defaultNewSheetConfiguration: {
        interactiveLayoutConfiguration: {
          grid: { canvasSizeOptions: { screenCanvasSizeOptions: { resizeOption: "RESPONSIVE" } } },
        },
        sheetContentType: "INTERACTIVE",
      },
    },
  };
}

/**
 * A QuickSight dashboard whose visuals are code: `@pulumi/aws-native`'s Dashboard takes the
 * full `definition` (the @pulumi/aws 7 Dashboard only accepts a template built elsewhere).
 */
export class QuickSightDashboard extends pulumi.ComponentResource {
  readonly dashboard: awsnative.quicksight.Dashboard;
  readonly dashboardId: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: QuickSightDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:analytics:QuickSightDashboard", name, {}, opts);
    const definition = dashboardDefinition(args.dataSets, args.charts);
    this.dashboard = new awsnative.quicksight.Dashboard(
      name,
      {
        awsAccountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
        dashboardId: args.dashboardId,
        name: args.displayName,
        versionDescription: args.versionDescription ?? "Managed by Pulumi",
        definition,
        permissions: audiencePermissions(
          args.audience,
          QUICKSIGHT_ACTIONS.dashboardOwner,
          QUICKSIGHT_ACTIONS.dashboardViewer,
        ),
        dashboardPublishOptions: {
          adHocFilteringOption: { availabilityStatus: "ENABLED" },
          exportToCsvOption: { availabilityStatus: "ENABLED" },
          sheetControlsOption: { visibilityState: "EXPANDED" },
        },
        tags: Object.entries(args.tags ?? {}).map(([key, value]) => ({ key, value })),
      },
      { parent: this },
    );
    this.dashboardId = pulumi.output(args.dashboardId);
    this.arn = this.dashboard.arn;
    this.registerOutputs({ dashboardId: this.dashboardId, arn: this.arn });
  }
}
