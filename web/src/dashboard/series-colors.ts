/** Colours of the trend's two series (left axis, right axis), shared by the chart and its pickers. */
export const SERIES_COLORS = ['#0b7a75', '#7c5cd6'] as const;
export const PREVIOUS_COLORS = ['#8cc7c3', '#c5b8ef'] as const;
