/*
 * The survey kiosk (/kiosk/:token). One page, three screens: the service picker (when the kiosk
 * offers several services), the form, the thank-you screen. Every answer goes first into a queue
 * on the device (IndexedDB) with its own idempotency key (crypto.getRandomValues) and the time it
 * was given, then is sent in order, one at a time, and removed only once the server confirmed it
 * (201 stored, 200 already stored, or a definite refusal); without network it waits, and the
 * footer says how many wait ([data-kiosk-queue]). After the thank-you screen, and after 60 s
 * without a touch, the page is loaded afresh with location.replace: no answer stays on screen and
 * there is no history entry to go back to. The service worker (/kiosk/sw.js) keeps the page for
 * offline use.
 */
(function () {
  'use strict';
  var root = document.querySelector('[data-kiosk]');
  if (!root) return;
  var IDLE_MS = 60000;
  var THANKS_MS = 15000;
  var RETRY_MS = 10000;
  var CACHE = 'mutu-kiosk-1';
  var home = root.getAttribute('data-home');
  var lang = document.documentElement.lang;
  var service = root.getAttribute('data-service');
  var form = document.getElementById('k-survey');
  var queueCount = root.querySelector('[data-kiosk-queue]');
  var net = root.querySelector('[data-kiosk-net]');
  var screens = { pick: 'k-pick', form: 'k-form', thanks: 'k-thanks' };

  // ---- leaving no trace ---------------------------------------------------------------------
  function reset() {
    location.replace(home);
  }
  var touched = false;
  var idle = null;
  function activity() {
    touched = true;
    clearTimeout(idle);
    idle = setTimeout(function () {
      if (touched) reset();
    }, IDLE_MS);
  }
  ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel'].forEach(function (type) {
    document.addEventListener(type, activity, { passive: true, capture: true });
  });
  // another language: the same kiosk page, without a history entry
  root.querySelectorAll('.langs a').forEach(function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      location.replace(a.getAttribute('href'));
    });
  });

  function show(name) {
    Object.keys(screens).forEach(function (k) {
      document.getElementById(screens[k]).hidden = k !== name;
    });
    var heading = document.getElementById(screens[name]).querySelector('h1');
    heading.focus();
    window.scrollTo(0, 0);
  }

  // how the visit ended: asked only for the services that ask it
  var endState = root.querySelector('[data-kiosk-endstate]');
  function askEndState() {
    if (!endState) return;
    var asks = (endState.getAttribute('data-services') || '').split(' ').indexOf(service) >= 0;
    endState.hidden = !asks;
    endState.querySelectorAll('input').forEach(function (i) {
      i.disabled = !asks;
    });
  }
  if (service) askEndState();

  root.querySelectorAll('[data-kiosk-service]').forEach(function (b) {
    b.addEventListener('click', function () {
      service = b.getAttribute('data-kiosk-service');
      askEndState();
      root.querySelector('[data-kiosk-service-name]').textContent = b.textContent;
      show('form');
    });
  });

  // ---- the form -------------------------------------------------------------------------------
  function fields() {
    var out = {};
    new FormData(form).forEach(function (value, name) {
      out[name] = String(value);
    });
    return out;
  }

  function problems(values) {
    var list = [];
    var answered = Array.prototype.some.call(form.querySelectorAll('[data-element] input'), function (i) {
      return i.checked;
    });
    // someone not served (or who gave up) may answer no element
    var unrated = endState && !endState.hidden && (endState.getAttribute('data-unrated') || '').split(' ').indexOf(values.endstate) >= 0;
    if (!answered && !unrated) list.push({ href: '#h-elements', message: form.getAttribute('data-msg-no-element') });
    var age = (values.age || '').trim();
    var min = Number(form.getAttribute('data-age-min'));
    var max = Number(form.getAttribute('data-age-max'));
    var ageError = document.getElementById('e-age');
    var ageBad = !values.age_na && age !== '' && (!/^\d{1,3}$/.test(age) || Number(age) < min || Number(age) > max);
    ageError.hidden = !ageBad;
    ageError.textContent = ageBad ? form.getAttribute('data-msg-age') : '';
    document.getElementById('f-age').setAttribute('aria-invalid', ageBad ? 'true' : 'false');
    if (ageBad) list.push({ href: '#f-age', message: form.getAttribute('data-msg-age') });
    return list;
  }

  function showProblems(list) {
    var box = document.getElementById('k-errors');
    var ul = box.querySelector('ul');
    ul.textContent = '';
    list.forEach(function (p) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = p.href;
      a.textContent = p.message;
      a.addEventListener('click', function (e) {
        e.preventDefault();
        var target = document.querySelector(p.href);
        target.setAttribute('tabindex', '-1');
        target.focus();
        target.scrollIntoView();
      });
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.hidden = list.length === 0;
    if (list.length) box.focus();
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var values = fields();
    var list = problems(values);
    showProblems(list);
    if (list.length || !service) return;
    values.idem = newKey();
    values.service = service;
    values.given_at = new Date().toISOString();
    values.lang = lang;
    var item = { url: root.getAttribute('data-responses'), body: values };
    function thanks() {
      form.reset();
      show('thanks');
      clearTimeout(idle);
      idle = setTimeout(reset, THANKS_MS);
    }
    enqueue(item).then(
      function () {
        thanks();
        flush();
      },
      function () {
        // no storage on this device (a private window): send at once, as the survey would
        send(item).then(thanks, thanks);
      },
    );
  });
  root.querySelector('[data-kiosk-done]').addEventListener('click', reset);

  // ---- the queue (IndexedDB) ----------------------------------------------------------------
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open('mutu-kiosk', 1);
        open.onupgradeneeded = function () {
          open.result.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
        };
        open.onsuccess = function () {
          resolve(open.result);
        };
        open.onerror = function () {
          reject(open.error);
        };
      });
    }
    return dbPromise;
  }
  function tx(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction('queue', mode);
        var result;
        work(t.objectStore('queue'), function (r) {
          result = r;
        });
        t.oncomplete = function () {
          resolve(result);
        };
        t.onerror = t.onabort = function () {
          reject(t.error);
        };
      });
    });
  }
  function enqueue(item) {
    return tx('readwrite', function (s) {
      s.add(item);
    }).then(updateCount);
  }
  function first() {
    return tx('readonly', function (s, done) {
      var r = s.openCursor();
      r.onsuccess = function () {
        done(r.result ? r.result.value : null);
      };
    });
  }
  function remove(seq) {
    return tx('readwrite', function (s) {
      s.delete(seq);
    }).then(updateCount);
  }
  function updateCount() {
    return tx('readonly', function (s, done) {
      var r = s.count();
      r.onsuccess = function () {
        done(r.result);
      };
    }).then(function (n) {
      queueCount.textContent = String(n);
      root.setAttribute('data-kiosk-waiting', String(n));
    });
  }

  function send(item) {
    return fetch(item.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(item.body),
      credentials: 'omit',
      cache: 'no-store',
    });
  }

  var flushing = false;
  var retry = null;
  function later() {
    clearTimeout(retry);
    retry = setTimeout(flush, RETRY_MS);
  }
  function flush() {
    if (flushing) return;
    flushing = true;
    function next() {
      return first().then(function (item) {
        if (!item) return;
        return send(item).then(function (res) {
          // confirmed (stored now or before), or refused for good: off the queue; else try later
          var settled = res.status === 200 || res.status === 201 || (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429);
          if (!settled) throw new Error('not stored: ' + res.status);
          return remove(item.seq).then(next);
        });
      });
    }
    next()
      .catch(later)
      .then(function () {
        flushing = false;
        return updateCount();
      })
      .then(function () {
        if (root.getAttribute('data-kiosk-waiting') !== '0') later();
      });
  }

  function showNet() {
    net.textContent = navigator.onLine ? '' : net.getAttribute('data-offline');
  }
  window.addEventListener('online', function () {
    showNet();
    flush();
  });
  window.addEventListener('offline', showNet);
  showNet();

  // ---- offline: the service worker and the kept page ---------------------------------------
  function keepForOffline() {
    if (!('serviceWorker' in navigator) || !window.caches) return;
    var urls = [home, location.pathname + location.search];
    root.querySelectorAll('.langs a').forEach(function (a) {
      urls.push(a.getAttribute('href'));
    });
    document.querySelectorAll('link[rel=stylesheet], script[src]').forEach(function (el) {
      urls.push(el.getAttribute('href') || el.getAttribute('src'));
    });
    navigator.serviceWorker
      .register(root.getAttribute('data-worker'), { scope: '/kiosk/' })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function () {
        return caches.open(CACHE);
      })
      .then(function (cache) {
        // each on its own, so that one failure leaves the others kept; then forget the files of older versions
        return Promise.all(
          urls.map(function (u) {
            return cache.add(new Request(u, { credentials: 'omit' })).catch(function () {});
          }),
        )
          .then(function () {
            return cache.keys();
          })
          .then(function (requests) {
            requests.forEach(function (r) {
              var u = new URL(r.url);
              if (u.pathname.indexOf('/static/') === 0 && urls.indexOf(u.pathname + u.search) < 0) cache.delete(r);
            });
          });
      })
      .then(function () {
        root.setAttribute('data-kiosk-offline-ready', '');
      })
      .catch(function () {});
  }

  // ---- the officer's way out ----------------------------------------------------------------
  var exitForm = document.getElementById('k-exit');
  var exitOpen = root.querySelector('[data-kiosk-exit-open]');
  var exitError = document.getElementById('k-exit-error');
  function exitShown(shown) {
    exitForm.hidden = !shown;
    exitOpen.setAttribute('aria-expanded', String(shown));
    exitError.hidden = true;
    if (shown) (exitForm.querySelector('input') || exitForm.querySelector('button')).focus();
    else exitOpen.focus();
  }
  exitOpen.addEventListener('click', function () {
    exitShown(exitForm.hidden);
  });
  root.querySelector('[data-kiosk-exit-cancel]').addEventListener('click', function () {
    if (exitForm.pin) exitForm.pin.value = '';
    exitShown(false);
  });
  exitForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var pin = exitForm.pin ? exitForm.pin.value : '';
    function fail(key) {
      exitError.textContent = exitForm.getAttribute(key);
      exitError.hidden = false;
      if (exitForm.pin) {
        exitForm.pin.value = '';
        exitForm.pin.focus();
      }
    }
    fetch(root.getAttribute('data-exit'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ pin: pin }),
      credentials: 'omit',
      cache: 'no-store',
    }).then(
      function (res) {
        if (res.status === 429) return fail('data-msg-too-many');
        if (!res.ok) return fail('data-msg-wrong');
        return res.json().then(function (body) {
          location.replace(body.next);
        });
      },
      function () {
        fail('data-msg-offline');
      },
    );
  });

  updateCount().then(flush, function () {});
  keepForOffline();
})();
