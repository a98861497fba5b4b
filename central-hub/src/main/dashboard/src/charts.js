// ECharts, only the parts the screens use (tree-shaken into the bundle).
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { t } from './i18n.js';

echarts.use([BarChart, GaugeChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const text = '#cfe3ff';
const axis = { axisLine: { lineStyle: { color: '#35507a' } }, axisLabel: { color: text }, splitLine: { lineStyle: { color: '#1c2d4a' } } };

// SVG: crisp at any wall size, and its text is in the page, where a browser test can see it is not clipped
// No animations: the wall redraws on every live update, and a chart that grows again each time flickers.
export function chart(el) {
  const c = echarts.init(el, null, { renderer: 'svg' });
  c.on('finished', () => { el.dataset.drawn = 'true'; });
  new ResizeObserver(() => c.resize()).observe(el);
  return c;
}

export function gauge(c, rate, target) {
  const v = rate == null ? 0 : +(rate * 100).toFixed(2);
  c.setOption({
    animation: false,
    series: [{
      type: 'gauge', min: 80, max: 100, radius: '95%', startAngle: 210, endAngle: -30,
      axisLine: { lineStyle: { width: 18, color: [[(target * 100 - 80) / 20, '#e5484d'], [1, '#30a46c']] } },
      pointer: { width: 5, itemStyle: { color: '#7cc4ff' } },
      axisTick: { distance: -18, length: 6, lineStyle: { color: '#fff' } },
      splitLine: { distance: -18, length: 18, lineStyle: { color: '#fff', width: 2 } },
      axisLabel: { color: text, distance: 24, fontSize: 12 },
      detail: { show: false },
      title: { color: text, offsetCenter: [0, '70%'], fontSize: 13 },
      data: [{ value: v, name: t('target') + ' ' + (target * 100).toFixed(0) + '%' }],
    }],
  }, true);
}

/**
 * The 24-hour trend from the stored history, ending with the rate now (the gauge's figure), so
 * the line's last point and the gauge always agree; the element's data-last says what it plots.
 */
export function trend(c, buckets, target, now) {
  const points = buckets.map((b) => [b.from, b.rate]);
  if (now && now.rate != null) points.push([now.at, now.rate]);
  const data = points.map(([at, rate]) => [at, rate == null ? null : +(rate * 100).toFixed(3)]);
  const last = points.length ? points[points.length - 1][1] : null;
  c.getDom().dataset.last = last == null ? '' : (last * 100).toFixed(2) + '%';
  c.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 20, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : v.toFixed(2) + '%') },
    xAxis: { type: 'time', ...axis },
    yAxis: { type: 'value', min: (x) => Math.max(0, Math.floor(Math.min(x.min, target * 100) - 1)), max: 100, ...axis },
    series: [{
      type: 'line', showSymbol: true, symbolSize: 5, connectNulls: false, smooth: true, itemStyle: { color: '#7cc4ff' }, lineStyle: { color: '#7cc4ff', width: 2 }, areaStyle: { color: 'rgba(124,196,255,0.15)' },
      data,
      markLine: { symbol: 'none', label: { color: '#f5a524', position: 'insideStartTop', formatter: t('target') + ' {c}%' },
        lineStyle: { color: '#f5a524', type: 'dashed' }, data: [{ yAxis: target * 100 }] },
    }],
  }, true);
}

/** Worst first, top to bottom; the names get the room they need (containLabel), up to 40% of the width. */
export function ranking(c, groups, target) {
  const rows = groups.slice(0, 10).reverse();
  c.setOption({
    animation: false,
    grid: { left: 8, right: 52, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => v.toFixed(2) + '%' },
    xAxis: { type: 'value', min: (x) => Math.max(0, Math.floor(x.min - 1)), max: 100, ...axis },
    yAxis: { type: 'category', data: rows.map((g) => g.label), ...axis,
      axisLabel: { color: text, width: Math.max(90, c.getWidth() * 0.4), overflow: 'break', lineHeight: 14 } },
    series: [{
      type: 'bar', barMaxWidth: 14,
      data: rows.map((g) => ({ value: g.rate == null ? 0 : +(g.rate * 100).toFixed(2), itemStyle: { color: g.belowTarget ? '#e5484d' : '#30a46c' } })),
      label: { show: true, position: 'right', color: text, formatter: (p) => p.value.toFixed(1) + '%' },
    }],
  }, true);
}

export function passes(c, hours) {
  c.setOption({
    animation: false,
    grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
    legend: { textStyle: { color: text }, top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours.map((h) => new Date(h.hour).getHours() + ':00'), ...axis },
    yAxis: { type: 'value', ...axis },
    series: [
      { name: t('allowed'), type: 'bar', stack: 'p', itemStyle: { color: '#30a46c' }, data: hours.map((h) => h.allowed) },
      { name: t('denied'), type: 'bar', stack: 'p', itemStyle: { color: '#e5484d' }, data: hours.map((h) => h.denied) },
    ],
  }, true);
}
