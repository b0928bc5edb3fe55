/*
 * The embed view (/s/CODE?embed=1) inside the survey widget's dialog (/embed.js): tells the page
 * that frames it its height (so the frame grows with the form and nothing scrolls inside it), asks
 * it to close on Escape, and, on the thank-you page, that a response was stored. Messages go only
 * to the origin the widget passed (?origin=), and only when the service allows it: the allowed
 * origins come on this script element (data-origins). Never to '*'.
 */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.parent === window) return;
  var service = me.getAttribute('data-service');
  var allowed = (me.getAttribute('data-origins') || '').split(' ');
  var parentOrigin = new URLSearchParams(location.search).get('origin');
  if (!parentOrigin || allowed.indexOf(parentOrigin) < 0) return;

  function post(type, extra) {
    var msg = { type: type, service: service };
    for (var k in extra) msg[k] = extra[k];
    window.parent.postMessage(msg, parentOrigin);
  }

  // the next pages (another language, the post, the thank-you page) keep the origin
  function keep(url) {
    var u = new URL(url, location.href);
    if (u.origin !== location.origin || !/^\/s\//.test(u.pathname)) return url;
    u.searchParams.set('origin', parentOrigin);
    return u.pathname + u.search + u.hash;
  }
  document.querySelectorAll('a[href]').forEach(function (a) {
    a.setAttribute('href', keep(a.getAttribute('href')));
  });
  document.querySelectorAll('form[action]').forEach(function (f) {
    f.setAttribute('action', keep(f.getAttribute('action')));
  });

  // the first size of each page also asks the dialog to show the page's top (a new page, an error summary)
  var last = 0;
  function size() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      post('mutu:resize', { height: height, top: last === 0 });
      last = height;
    }
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(size).observe(document.documentElement);
  window.addEventListener('load', size);
  window.addEventListener('resize', size);
  size();

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' || e.key === 'Esc') post('mutu:close', {});
  });

  if (me.hasAttribute('data-submitted')) post('mutu:submitted', {});
})();
