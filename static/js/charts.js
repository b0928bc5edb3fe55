/* Draws every canvas[data-chart] with Chart.js. The same numbers are in the table beside each chart,
   so pages work without JavaScript (the charts stay hidden then) and with screen readers.
   No inline scripts (strict CSP). Chart kinds: 'bar' (gradeColours: each bar in its grade's colour),
   'line' (a trend; datasets with band 'upper'/'lower' draw the margin as a band), 'diff' (groups as
   their difference from the scope's IKM, with the margin as a thin bar around it). */
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  if (typeof window.Chart === 'undefined') return;
  var lang = document.documentElement.lang || 'id';
  var locale = lang === 'id' ? 'id-ID' : 'en-GB';
  var palette = ['#0b57a4', '#c25400', '#0b6e3a', '#6b3fa0', '#b3261e', '#00727a'];
  var bandColours = ['rgba(179,38,30,0.07)', 'rgba(138,75,0,0.07)', 'rgba(11,87,164,0.07)', 'rgba(11,110,58,0.08)'];
  // grade colours, D C B A (the same as .grade-* in dashboard.css)
  var gradeColours = ['#b3261e', '#8a4b00', '#0b57a4', '#0b6e3a'];

  function gradeIndex(value, bands) {
    var i = 0;
    while (i < bands.length && value >= bands[i]) i++;
    return i;
  }

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
        var lo = Math.max(edges[i], scale.min);
        var hi = Math.min(edges[i + 1], scale.max);
        if (hi <= lo) continue;
        var a = scale.getPixelForValue(lo);
        var b = scale.getPixelForValue(hi);
        ctx.fillStyle = bandColours[i] || 'transparent';
        if (horizontal) ctx.fillRect(a, area.top, b - a, area.bottom - area.top);
        else ctx.fillRect(area.left, b, area.right - area.left, a - b);
      }
      ctx.restore();
    },
  };

  function format(value, spec) {
    if (value === null || value === undefined) return '';
    var f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    if (spec.type === 'diff') return (value > 0 ? '+' : value < 0 ? '\u2212' : '') + f.format(Math.abs(value));
    return f.format(value);
  }

  /** Splits a long category label into lines so it is never clipped on a narrow screen. */
  function wrap(label, max) {
    if (typeof label !== 'string' || label.length <= max) return label;
    var words = label.split(/\s+/);
    var lines = [];
    var line = '';
    words.forEach(function (w) {
      if (line && (line + ' ' + w).length > max) {
        lines.push(line);
        line = w;
      } else line = line ? line + ' ' + w : w;
    });
    if (line) lines.push(line);
    return lines;
  }

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart'));
    } catch {
      return;
    }
    var figure = canvas.parentNode;
    var width = figure.clientWidth || document.documentElement.clientWidth;
    var narrow = width < 520;
    var horizontal = !!spec.horizontal;
    var fontSize = narrow ? 11 : 12;
    var maxChars = narrow ? 16 : 30;
    var labels = spec.labels.map(function (l) {
      return wrap(l, horizontal ? maxChars : narrow ? 9 : 16);
    });
    if (horizontal) {
      var lines = labels.reduce(function (s, l) {
        return s + (Array.isArray(l) ? l.length : 1);
      }, 0);
      figure.style.height = Math.max(140, lines * (fontSize + 4) + labels.length * 12 + 60) + 'px';
    }
    var type = spec.type === 'diff' ? 'bar' : spec.type;
    var datasets;
    if (spec.type === 'diff') {
      var d = spec.datasets[0];
      datasets = [
        {
          label: d.label,
          data: d.data.map(function (v) {
            return v === null ? null : [0, v];
          }),
          backgroundColor: d.data.map(function (v, i) {
            var m = (d.errors && d.errors[i]) || 0;
            return v !== null && v < 0 && v + m < 0 ? '#b3261e' : v !== null && v > 0 && v - m > 0 ? '#0b6e3a' : '#5f6a75';
          }),
          barPercentage: 0.45,
          grouped: false,
          order: 1,
        },
        {
          label: 'margin',
          data: d.data.map(function (v, i) {
            var m = d.errors && d.errors[i];
            return v === null || m === null || m === undefined ? null : [v - m, v + m];
          }),
          backgroundColor: 'rgba(95,106,117,0.22)',
          barPercentage: 0.9,
          grouped: false,
          order: 2,
          margin: true,
        },
      ];
    } else {
      datasets = spec.datasets.map(function (d, i) {
        var colour = palette[i % palette.length];
        var ds = {
          label: d.label,
          data: d.data,
          spanGaps: true,
          backgroundColor: spec.type === 'line' ? colour : colour + 'cc',
          borderColor: colour,
          borderWidth: 2,
          pointRadius: 3,
        };
        if (spec.gradeColours && i === 0) {
          ds.backgroundColor = d.data.map(function (v) {
            return v === null ? '#5f6a75' : gradeColours[gradeIndex(v, spec.bands)];
          });
          ds.borderColor = ds.backgroundColor;
        }
        if (d.band) {
          ds.borderWidth = 0;
          ds.pointRadius = 0;
          ds.backgroundColor = 'rgba(11,87,164,0.15)';
          ds.fill = d.band === 'lower' ? '-1' : false;
          ds.band = d.band;
        }
        if (d.kind === 'target') {
          ds.borderColor = '#5f6a75';
          ds.borderDash = [6, 4];
          ds.borderWidth = 1.5;
          ds.pointRadius = 0;
          ds.backgroundColor = '#5f6a75';
        }
        return ds;
      });
    }
    var valueAxis = {
      min: spec.min,
      max: spec.max,
      grid:
        spec.type === 'diff'
          ? {
              color: function (c) {
                return c.tick && c.tick.value === 0 ? '#1d252c' : 'rgba(0,0,0,0.08)';
              },
            }
          : {},
      ticks: {
        font: { size: fontSize },
        maxRotation: 0,
        callback: function (v) {
          return format(v, spec);
        },
      },
    };
    var categoryAxis = { ticks: { font: { size: fontSize }, autoSkip: !horizontal, maxRotation: 0 } };
    var legendShown =
      datasets.filter(function (ds) {
        return !ds.band && !ds.margin;
      }).length > 1;
    new window.Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: locale,
        layout: { padding: { right: 8, left: 2 } },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { y: valueAxis, x: categoryAxis },
        plugins: {
          gradeBands: { bands: spec.type === 'diff' ? null : spec.bands },
          legend: {
            display: legendShown,
            position: 'bottom',
            labels: {
              font: { size: fontSize },
              filter: function (item, data) {
                var ds = data.datasets[item.datasetIndex];
                return !ds.hidden && ds.band !== 'upper' && !ds.margin;
              },
            },
          },
          tooltip: {
            filter: function (item) {
              return !item.dataset.band && !item.dataset.margin;
            },
            callbacks: {
              label: function (c) {
                var src = spec.datasets[spec.type === 'diff' ? 0 : c.datasetIndex];
                var raw = Array.isArray(c.raw) ? c.raw[1] : c.raw;
                var err = src && src.errors;
                var m = err && err[c.dataIndex];
                return (
                  c.dataset.label + ': ' + format(raw, spec) + (m ? ' \u00b1 ' + new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(m) : '')
                );
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

  // Print: unfold the sections marked for print (the groups) and draw each chart at its size on A4 paper
  // (the print stylesheet's 5.5 cm or 7 cm boxes, within the page's 18.8 cm); everything back afterwards.
  var unfolded = [];
  var CM = 96 / 2.54;
  function eachChart(fn) {
    for (var k = 0; k < canvases.length; k++) {
      var chart = window.Chart.getChart(canvases[k]);
      if (chart) fn(chart, canvases[k]);
    }
  }
  window.addEventListener('beforeprint', function () {
    var folded = document.querySelectorAll('details[data-print-open]:not([open])');
    for (var j = 0; j < folded.length; j++) {
      folded[j].open = true;
      unfolded.push(folded[j]);
    }
    eachChart(function (chart, canvas) {
      var tall = canvas.parentNode.classList.contains('tall');
      chart.resize(Math.floor(18.4 * CM), Math.floor((tall ? 7 : 5.5) * CM));
    });
  });
  window.addEventListener('afterprint', function () {
    while (unfolded.length) unfolded.pop().open = false;
    eachChart(function (chart) {
      chart.resize();
    });
  });
})();
