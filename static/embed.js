/* global document, window, location, HTMLDialogElement */
/*
 * Mutu survey widget. On a page of an allowed origin:
 *   <script src="{PUBLIC_URL}/embed.js" data-mutu-service="CODE" defer></script>
 * adds a button that opens the service's survey (/s/CODE?embed=1) in a dialog. Options, as data
 * attributes on the script element:
 *   data-mutu-text      the button's text (default: localized)
 *   data-mutu-position  bottom-right (default), bottom-left, or inline (right after the script element)
 *   data-lang           id or en (default: the page's lang)
 * After a stored response, `document` gets a `mutu:submitted` CustomEvent (detail: { service }).
 * No dependencies; loads nothing but the survey itself from Mutu; styles set through the CSSOM,
 * so a strict Content-Security-Policy on the host page needs only script-src and frame-src for Mutu.
 */
(function () {
  'use strict';
  // replaced at start-up with the locales' embed.* texts (server/kiosk/widget.ts)
  var TEXTS = /*texts*/ { id: { button: 'Nilai layanan ini', title: 'Survei kepuasan layanan', close: 'Tutup' } }; /*end*/

  function css(el, styles) {
    for (var k in styles) el.style[k] = styles[k];
    return el;
  }

  function pickLang(wanted) {
    var l = String(wanted || '')
      .toLowerCase()
      .split('-')[0];
    return TEXTS[l] ? l : 'id';
  }

  function widget(script) {
    var code = script.getAttribute('data-mutu-service') || '';
    if (!/^[a-z0-9-]{1,40}$/.test(code) || !script.src) return;
    var base = new URL(script.src, location.href).origin;
    var lang = pickLang(script.getAttribute('data-lang') || script.getAttribute('data-mutu-lang') || document.documentElement.lang);
    var t = TEXTS[lang];
    var position = script.getAttribute('data-mutu-position') || 'bottom-right';
    var dialog = null;
    var frame = null;
    var closeButton = null;
    var stale = false;

    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'mutu-widget-button';
    button.textContent = script.getAttribute('data-mutu-text') || t.button;
    button.setAttribute('aria-haspopup', 'dialog');
    css(button, {
      font: '600 16px/1.25 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      color: '#fff',
      background: '#0b6e3a',
      border: '2px solid #fff',
      borderRadius: '999px',
      minHeight: '48px',
      padding: '12px 20px',
      cursor: 'pointer',
      boxShadow: '0 2px 8px rgba(0,0,0,.3)',
      maxWidth: 'calc(100vw - 32px)',
    });
    if (position !== 'inline') {
      css(button, { position: 'fixed', bottom: '16px', zIndex: '2147483000' });
      button.style[position === 'bottom-left' ? 'left' : 'right'] = '16px';
    }
    focusRing(button);
    if (position === 'inline' && script.parentNode) script.parentNode.insertBefore(button, script.nextSibling);
    else document.body.appendChild(button);

    button.addEventListener('click', open);
    window.addEventListener('message', function (e) {
      if (!frame || e.source !== frame.contentWindow || e.origin !== base) return;
      var msg = e.data;
      if (!msg || typeof msg !== 'object' || msg.service !== code) return;
      if (msg.type === 'mutu:resize' && typeof msg.height === 'number' && msg.height > 0) {
        frame.style.height = Math.min(Math.ceil(msg.height), 20000) + 'px';
        if (msg.top === true && dialog) dialog.scrollTop = 0;
      } else if (msg.type === 'mutu:close') {
        close();
      } else if (msg.type === 'mutu:submitted') {
        stale = true; // the next opening starts a fresh survey
        document.dispatchEvent(new CustomEvent('mutu:submitted', { detail: { service: code } }));
      }
    });

    function focusRing(el) {
      el.addEventListener('focus', function () {
        css(el, { outline: '3px solid #c25400', outlineOffset: '2px' });
      });
      el.addEventListener('blur', function () {
        el.style.outline = '';
      });
    }

    function surveyUrl() {
      return base + '/s/' + code + '?embed=1&lang=' + lang + '&origin=' + encodeURIComponent(location.origin);
    }

    function build() {
      dialog = document.createElement('dialog');
      dialog.className = 'mutu-widget-dialog';
      var titleId = 'mutu-title-' + code;
      dialog.setAttribute('aria-labelledby', titleId);
      css(dialog, {
        padding: '0',
        border: '0',
        borderRadius: '8px',
        width: 'min(42rem, calc(100vw - 16px))',
        maxWidth: 'calc(100vw - 16px)',
        maxHeight: 'calc(100vh - 16px)',
        overflow: 'auto',
        background: '#f4f6f8',
        color: '#1b1f24',
        boxShadow: '0 8px 32px rgba(0,0,0,.45)',
      });
      var head = css(document.createElement('div'), {
        position: 'sticky',
        top: '0',
        zIndex: '1',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: '8px',
        padding: '4px 4px 4px 16px',
        background: '#fff',
        borderBottom: '1px solid #c6ccd2',
        font: '600 16px/1.25 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      });
      var title = document.createElement('span');
      title.id = titleId;
      title.textContent = t.title;
      closeButton = document.createElement('button');
      closeButton.type = 'button';
      closeButton.className = 'mutu-widget-close';
      closeButton.textContent = t.close;
      closeButton.setAttribute('autofocus', '');
      css(closeButton, {
        font: 'inherit',
        minWidth: '48px',
        minHeight: '48px',
        padding: '8px 14px',
        color: '#1b1f24',
        background: '#fff',
        border: '2px solid #5f6a75',
        borderRadius: '6px',
        cursor: 'pointer',
      });
      focusRing(closeButton);
      closeButton.addEventListener('click', close);
      head.appendChild(title);
      head.appendChild(closeButton);
      frame = document.createElement('iframe');
      frame.title = t.title;
      frame.src = surveyUrl();
      css(frame, { display: 'block', width: '100%', height: '70vh', border: '0', background: '#f4f6f8' });
      // Tab past the survey, or Shift+Tab before the close button, stays in the dialog
      var before = guard(function () {
        frame.focus();
      });
      var after = guard(function () {
        closeButton.focus();
      });
      dialog.appendChild(before);
      dialog.appendChild(head);
      dialog.appendChild(frame);
      dialog.appendChild(after);
      dialog.addEventListener('cancel', function (e) {
        e.preventDefault();
        close();
      });
      document.body.appendChild(dialog);
    }

    function guard(onFocus) {
      var g = document.createElement('span');
      g.tabIndex = 0;
      g.className = 'mutu-widget-guard';
      css(g, { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden' });
      g.addEventListener('focus', onFocus);
      return g;
    }

    function open() {
      if (typeof HTMLDialogElement !== 'function') {
        window.open(surveyUrl().replace('embed=1&', ''), '_blank', 'noopener');
        return;
      }
      if (dialog && stale) {
        dialog.parentNode.removeChild(dialog);
        dialog = null;
        stale = false;
      }
      if (!dialog) build();
      dialog.showModal();
      closeButton.focus();
    }

    function close() {
      if (!dialog || !dialog.open) return;
      dialog.close();
      button.focus();
    }
  }

  var scripts = document.querySelectorAll('script[data-mutu-service]');
  for (var i = 0; i < scripts.length; i++) {
    if (scripts[i].getAttribute('data-mutu-ready') !== null) continue;
    scripts[i].setAttribute('data-mutu-ready', '');
    widget(scripts[i]);
  }
})();
