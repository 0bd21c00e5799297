/// The report's script, inlined and framework-free. It makes the impact graph interactive (select a
/// box by click or Enter, move with the arrow keys, collapse a kind, search), restacking boxes with
/// the same rules and sizes as ``GraphLayout``. With `#selfcheck` (or `#selfcheck=QUERY`) in the URL
/// it also measures the page after load (errors, load time, font sizes, contrast, graph nodes) and
/// writes the result as JSON into `#keel-selfcheck`, which the rendering test reads.
enum Script {
    static let javascript = #"""
    (function () {
      'use strict';
      var errors = [];
      window.addEventListener('error', function (e) { errors.push(String(e.message || e)); });
      var api = null;

      function graph(svg) {
        var W = +svg.dataset.w, H = +svg.dataset.h, P = +svg.dataset.pitch, G = +svg.dataset.gap, T = +svg.dataset.top, L = +svg.dataset.left;
        var nodes = Array.prototype.slice.call(svg.querySelectorAll('g.node'));
        var edges = Array.prototype.slice.call(svg.querySelectorAll('path.edge'));
        var byId = {}, groups = {}, collapsed = {}, pos = {}, query = '';
        nodes.forEach(function (n) {
          byId[n.id] = n;
          if (n.dataset.kind !== 'root' && !isSummary(n)) {
            var key = n.dataset.layer + '/' + n.dataset.kind;
            (groups[key] = groups[key] || []).push(n);
          }
        });
        var buttons = Array.prototype.slice.call(document.querySelectorAll('button.collapse'));
        buttons.forEach(function (b) {
          if (b.getAttribute('aria-pressed') === 'true') collapsed[b.dataset.kind] = true;
          b.addEventListener('click', function () { toggle(b.dataset.kind); });
        });
        function isSummary(n) { return n.classList.contains('summary'); }
        function matches(n) { return !query || n.dataset.kind === 'root' || n.dataset.search.indexOf(query) >= 0; }
        function visible(n) {
          if (n.dataset.kind === 'root') return true;
          if (isSummary(n)) return !!collapsed[n.dataset.kind] && (groups[n.dataset.layer + '/' + n.dataset.kind] || []).some(matches);
          return !collapsed[n.dataset.kind] && matches(n);
        }
        function path(a, b) {
          var h = H / 2, x1 = a[0] + W, y1 = a[1] + h, y2 = b[1] + h, x2, m;
          if (b[0] > a[0]) { x2 = b[0] - 6; m = Math.floor((x1 + x2) / 2); return 'M' + x1 + ' ' + y1 + 'C' + m + ' ' + y1 + ' ' + m + ' ' + y2 + ' ' + x2 + ' ' + y2; }
          x2 = b[0] + W + 6; m = Math.max(x1, x2) + 40;
          return 'M' + x1 + ' ' + y1 + 'C' + m + ' ' + y1 + ' ' + m + ' ' + y2 + ' ' + x2 + ' ' + y2;
        }
        function anchor(id) {
          if (pos[id]) return id;
          var n = byId[id];
          if (n && collapsed[n.dataset.kind] && matches(n)) { var s = 's-' + n.dataset.layer + '-' + n.dataset.kind; if (pos[s]) return s; }
          return null;
        }
        function layout() {
          var y = {}, bottom = T;
          pos = {};
          nodes.forEach(function (n) {
            var layer = +n.dataset.layer;
            if (!(layer in y)) y[layer] = T;
            if (visible(n)) {
              var x = L + layer * P;
              n.setAttribute('transform', 'translate(' + x + ',' + y[layer] + ')');
              n.style.display = 'inline';
              pos[n.id] = [x, y[layer]];
              y[layer] += H + G;
              bottom = Math.max(bottom, y[layer]);
            } else {
              n.style.display = 'none';
            }
          });
          edges.forEach(function (e) {
            var a = anchor(e.dataset.from), b = anchor(e.dataset.to);
            if (a && b && a !== b) { e.setAttribute('d', path(pos[a], pos[b])); e.style.display = 'inline'; } else { e.style.display = 'none'; }
          });
          var height = bottom + G;
          svg.setAttribute('height', height);
          svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + height);
          if (!nodes.some(function (n) { return n.tabIndex === 0 && pos[n.id]; })) roving(nodes.filter(function (n) { return pos[n.id]; })[0]);
        }
        function roving(n) {
          if (!n) return;
          nodes.forEach(function (m) { m.setAttribute('tabindex', m === n ? '0' : '-1'); });
        }
        function toggle(kind) {
          collapsed[kind] = !collapsed[kind];
          buttons.forEach(function (b) { if (b.dataset.kind === kind) b.setAttribute('aria-pressed', collapsed[kind] ? 'true' : 'false'); });
          layout();
        }
        function select(n) {
          if (isSummary(n)) {
            var first = (groups[n.dataset.layer + '/' + n.dataset.kind] || [])[0];
            toggle(n.dataset.kind);
            if (first && pos[first.id]) { roving(first); first.focus(); }
            return;
          }
          nodes.forEach(function (m) { m.classList.remove('selected', 'on-path'); m.removeAttribute('aria-pressed'); });
          edges.forEach(function (e) { e.classList.remove('on-path'); });
          n.classList.add('selected');
          n.setAttribute('aria-pressed', 'true');
          var ids = (n.dataset.path || '').split(' ').filter(Boolean);
          ids.forEach(function (id) { if (byId[id]) byId[id].classList.add('on-path'); });
          edges.forEach(function (e) {
            for (var i = 0; i + 1 < ids.length; i++) if (e.dataset.from === ids[i] && e.dataset.to === ids[i + 1]) e.classList.add('on-path');
          });
          Array.prototype.forEach.call(document.querySelectorAll('.detail'), function (d) { d.hidden = true; });
          var detail = document.getElementById('d-' + n.id);
          if (detail) detail.hidden = false;
          document.getElementById('detail-empty').hidden = !!detail;
          roving(n);
          var panel = document.getElementById('detail-panel'), box = panel.getBoundingClientRect();
          if (box.top > window.innerHeight - 120) panel.scrollIntoView({ block: 'nearest' });
        }
        function inLayer(layer) {
          return nodes.filter(function (n) { return pos[n.id] && +n.dataset.layer === layer; });
        }
        svg.addEventListener('click', function (ev) {
          var n = ev.target.closest ? ev.target.closest('g.node') : null;
          if (n) { select(n); n.focus(); }
        });
        svg.addEventListener('keydown', function (ev) {
          var n = ev.target.closest ? ev.target.closest('g.node') : null, next = null, k = ev.key;
          if (!n) return;
          if (k === 'Enter' || k === ' ') { ev.preventDefault(); select(n); return; }
          if (k === 'ArrowDown' || k === 'ArrowUp') {
            var column = inLayer(+n.dataset.layer);
            next = column[column.indexOf(n) + (k === 'ArrowDown' ? 1 : -1)];
          } else if (k === 'ArrowLeft' || k === 'ArrowRight') {
            var step = k === 'ArrowRight' ? 1 : -1, maxLayer = Math.max.apply(null, nodes.map(function (m) { return +m.dataset.layer; }));
            for (var layer = +n.dataset.layer + step; layer >= 0 && layer <= maxLayer && !next; layer += step) {
              inLayer(layer).forEach(function (m) {
                if (!next || Math.abs(pos[m.id][1] - pos[n.id][1]) < Math.abs(pos[next.id][1] - pos[n.id][1])) next = m;
              });
            }
          } else if (k === 'Home' || k === 'End') {
            var all = nodes.filter(function (m) { return pos[m.id]; });
            next = k === 'Home' ? all[0] : all[all.length - 1];
          }
          if (next) { ev.preventDefault(); roving(next); next.focus(); next.scrollIntoView({ block: 'nearest', inline: 'nearest' }); }
        });
        var input = document.getElementById('graph-search'), counter = document.getElementById('search-count');
        var rows = Array.prototype.slice.call(document.querySelectorAll('a.select-node'));
        function search(text) {
          query = text.trim().toLowerCase();
          layout();
          var consumers = nodes.filter(function (n) { return n.dataset.kind !== 'root' && !isSummary(n); });
          var found = consumers.filter(matches).length;
          if (counter) counter.textContent = query ? found + ' of ' + consumers.length + ' consumers match' : '';
          rows.forEach(function (a) { var n = byId[a.dataset.node]; a.closest('tr').hidden = !!(n && !matches(n)); });
          return found;
        }
        if (input) input.addEventListener('input', function () { search(input.value); });
        rows.forEach(function (a) {
          a.addEventListener('click', function (ev) {
            var n = byId[a.dataset.node];
            if (!n) return;
            ev.preventDefault();
            if (collapsed[n.dataset.kind]) toggle(n.dataset.kind);
            if (!pos[n.id] && input) { input.value = ''; search(''); }
            select(n);
            n.focus();
            n.scrollIntoView({ block: 'center', inline: 'center' });
          });
        });
        layout();   // the same stacking the page was drawn with; records the positions for the keyboard
        return { layout: layout, search: search, toggle: toggle, collapsed: collapsed, visible: function () { return Object.keys(pos); } };
      }

      function rgb(text) {
        var m = /rgba?\(([^)]+)\)/.exec(text || '');
        if (!m) return null;
        var p = m[1].split(/[ ,\/]+/).filter(Boolean).map(parseFloat);
        return p.length > 3 && p[3] === 0 ? null : p.slice(0, 3);
      }
      function luminance(c) {
        var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
      }
      function background(el) {
        if (el instanceof SVGElement && el.parentNode && el.parentNode.querySelector) {
          var rect = el.parentNode.querySelector('rect');
          if (rect && el.parentNode.classList.contains('node')) return rgb(getComputedStyle(rect).fill);
        }
        for (var e = el; e && e.nodeType === 1; e = e.parentNode) {
          var c = rgb(getComputedStyle(e).backgroundColor);
          if (c) return c;
        }
        return [255, 255, 255];
      }
      function selfCheck(svg, query) {
        var result = { errors: errors.slice(), loadMs: Math.round(performance.now()), nodes: [], textChecked: 0,
          minFontPx: 1000, minFontText: '', minContrast: 1000, minContrastText: '' };
        if (svg) svg.querySelectorAll('g.node[data-id]').forEach(function (n) { result.nodes.push(n.dataset.id); });
        document.querySelectorAll('body *').forEach(function (el) {
          var own = Array.prototype.some.call(el.childNodes, function (c) { return c.nodeType === 3 && c.textContent.trim(); });
          if (!own || el.closest('title, script, style, [hidden]') || el.getClientRects().length === 0) return;
          var style = getComputedStyle(el);
          if (style.visibility === 'hidden' || style.display === 'none') return;
          var size = parseFloat(style.fontSize), fg = rgb(el instanceof SVGElement ? style.fill : style.color), bg = background(el);
          result.textChecked++;
          if (size < result.minFontPx) { result.minFontPx = size; result.minFontText = el.textContent.trim().slice(0, 40); }
          if (fg && bg) {
            var a = luminance(fg), b = luminance(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < result.minContrast) { result.minContrast = Math.round(ratio * 100) / 100; result.minContrastText = el.textContent.trim().slice(0, 40); }
          }
        });
        if (api) {
          var start = performance.now();
          result.visibleAtLoad = api.visible().length;
          Object.keys(api.collapsed).forEach(function (k) { if (api.collapsed[k]) api.toggle(k); });
          result.visibleExpanded = api.visible().length;
          if (query) { result.searchMatches = api.search(query); result.visibleAfterSearch = api.visible(); api.search(''); }
          result.interactionMs = Math.round(performance.now() - start);
        }
        var out = document.getElementById('keel-selfcheck');
        out.textContent = JSON.stringify(result);
      }

      document.addEventListener('DOMContentLoaded', function () {
        var svg = document.getElementById('impact-svg');
        if (svg) api = graph(svg);
        var hash = decodeURIComponent(location.hash || '');
        if (hash.indexOf('#selfcheck') === 0) {
          window.addEventListener('load', function () { selfCheck(svg, hash.slice('#selfcheck='.length)); });
        }
      });
    })();
    """#
}
