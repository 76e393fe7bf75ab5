/**
 * The ECharts parts the study and runs charts need beyond the shell's set (components/echarts.ts):
 * box plots, reference lines (chance level, uniform share) and the dataset component.
 *
 * `echarts.use` registers into the one `echarts/core` instance, so charts drawn by the shared
 * ChartCard can use these once this module has been imported.
 */
import { BoxplotChart } from 'echarts/charts';
import { DatasetComponent, MarkLineComponent } from 'echarts/components';
import { echarts, type ChartOption } from '../../../components/echarts.ts';

echarts.use([BoxplotChart, MarkLineComponent, DatasetComponent]);

export type { ChartOption };
