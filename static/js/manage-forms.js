// Progressive enhancement of the management forms (the pages work without it):
// - target profile: each dimension's running sum of typed percentages, as the server computes it;
// - users served: the date fields open when "other dates" is chosen (without script they sit in a <details>).
(function () {
  'use strict';
  var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'id-ID';
  var one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function parse(s) {
    var t = s.trim().replace(',', '.');
    return /^\d{1,3}(\.\d{1,4})?$/.test(t) ? Number(t) : NaN;
  }

  function updateSum(fieldset) {
    var out = fieldset.querySelector('output[data-sum-template]');
    if (!out) return;
    var typed = Array.prototype.filter.call(fieldset.querySelectorAll('input[data-share]'), function (i) {
      return i.value.trim() !== '';
    });
    if (!typed.length) {
      out.textContent = '';
      out.setAttribute('data-sum', 'empty');
      return;
    }
    var sum = typed.reduce(function (a, i) {
      var x = parse(i.value);
      return a + (isFinite(x) ? x : 0);
    }, 0);
    sum = Math.round(sum * 100) / 100;
    out.textContent = out.getAttribute('data-sum-template').replace('{sum}', one.format(sum));
    out.setAttribute('data-sum', Math.abs(sum - 100) <= 0.1 ? 'ok' : 'off');
  }

  Array.prototype.forEach.call(document.querySelectorAll('fieldset[data-dimension]'), function (fs) {
    fs.addEventListener('input', function () {
      updateSum(fs);
    });
  });

  var period = document.querySelector('select[data-period-picker]');
  var range = document.querySelector('[data-range-fields]');
  if (period && range) {
    // the dates are needed only for "other dates": open them when it is chosen, close them otherwise
    period.addEventListener('change', function () {
      range.open = period.value === 'range';
    });
  }
})();
