/* Draws every canvas[data-chart] with Chart.js. The same numbers are in the table beside each chart,
   so pages work without JavaScript and with screen readers. No inline scripts (strict CSP). */
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;
  var lang = document.documentElement.lang || 'id';
  var locale = lang === 'id' ? 'id-ID' : 'en-GB';
  var palette = ['#0b57a4', '#c25400', '#0b6e3a', '#6b3fa0', '#b3261e', '#00727a', '#5f6a75', '#8a4b00', '#a1176a', '#2f4b7c'];
  var bandColours = ['rgba(179,38,30,0.07)', 'rgba(138,75,0,0.07)', 'rgba(11,87,164,0.07)', 'rgba(11,110,58,0.08)'];

  // Grade bands (D, C, B, A) behind the value axis.
  var bandsPlugin = {
    id: 'gradeBands',
    beforeDraw: function (chart, _args, opts) {
      var bands = opts && opts.bands;
      if (!bands) return;
      var horizontal = chart.options.indexAxis === 'y';
      var scale = chart.scales[horizontal ? 'x' : 'y'];
      var area = chart.chartArea;
      var edges = [scale.min].concat(bands, [scale.max]);
      var ctx = chart.ctx;
      ctx.save();
      for (var i = 0; i < edges.length - 1; i++) {
        var a = scale.getPixelForValue(Math.max(edges[i], scale.min));
        var b = scale.getPixelForValue(Math.min(edges[i + 1], scale.max));
        ctx.fillStyle = bandColours[i] || 'transparent';
        if (horizontal) ctx.fillRect(a, area.top, b - a, area.bottom - area.top);
        else ctx.fillRect(area.left, b, area.right - area.left, a - b);
      }
      ctx.restore();
    },
  };

  function format(value, spec) {
    if (value === null || value === undefined) return '';
    return spec.percent
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value)
      : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart'));
    } catch {
      return;
    }
    var horizontal = !!spec.horizontal;
    var valueAxis = {
      min: spec.min,
      max: spec.max,
      beginAtZero: !!spec.percent,
      ticks: {
        callback: function (v) {
          return format(v, spec);
        },
      },
    };
    var datasets = spec.datasets.map(function (d, i) {
      var colour = palette[i % palette.length];
      return {
        label: d.label,
        data: d.data,
        hidden: !!d.hidden,
        spanGaps: true,
        backgroundColor: spec.type === 'line' ? colour : colour + 'cc',
        borderColor: colour,
        borderWidth: 2,
        pointStyle: ['circle', 'rect', 'triangle', 'rectRot', 'star', 'cross', 'crossRot', 'dash', 'line', 'rectRounded'][i % 10],
        pointRadius: 4,
      };
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: locale,
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
        plugins: {
          gradeBands: { bands: spec.bands },
          legend: { display: datasets.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: function (c) {
                var err = spec.datasets[c.datasetIndex].errors;
                var m = err && err[c.dataIndex];
                return c.dataset.label + ': ' + format(c.raw, spec) + (m ? ' \u00b1 ' + format(m, spec) : '');
              },
            },
          },
        },
      },
      plugins: [bandsPlugin],
    });
    canvas.setAttribute('data-drawn', '1');
  }

  var canvases = document.querySelectorAll('canvas[data-chart]');
  for (var i = 0; i < canvases.length; i++) draw(canvases[i]);
})();
