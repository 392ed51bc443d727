/* mkdocs-workplans: find and sort on the workplans and tasks indexes.
 *
 * Progressive enhancement: the index pages are complete static tables; this script
 * shows their filter form (rendered `hidden`), turns column headers into sort buttons
 * and keeps the view in the page's query string (?status=blocked&owner=ops&sort=updated
 * &order=desc), so a filtered view is a link that can be shared and reloaded. It loads
 * nothing and talks to no one. With Material's instant navigation pages are swapped
 * without a reload, so it runs on each of Material's `document$` emissions; elsewhere
 * once the document is parsed.
 */
(function () {
  "use strict";

  var FILTERS = ["q", "status", "owner", "priority"];

  function text(node) {
    return (node ? node.textContent : "").replace(/\s+/g, " ").trim();
  }

  function columnKey(header) {
    return text(header).toLowerCase().replace(/[^a-z0-9]+/g, "-");
  }

  function sortKey(cell) {
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : text(cell);
  }

  function setup() {
    var form = document.querySelector("form[data-wp-filters]");
    if (!form || form.hasAttribute("data-wp-ready")) return;
    form.setAttribute("data-wp-ready", "");
    var noun = form.getAttribute("data-wp-filters");
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".wp-table-wrap"));
    var tables = wraps.map(function (wrap) { return wrap.querySelector("table.wp-index"); });
    var rows = [];
    var headers = [];
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row, index) {
        row.setAttribute("data-wp-order", String(index));
        var haystack = [text(row.cells[0])];
        Array.prototype.forEach.call(row.querySelectorAll(".wp-index__title"), function (cell) {
          haystack.push(text(cell));
        });
        row.wpHaystack = haystack.join(" ").toLowerCase();
        rows.push(row);
      });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "wp-sort";
        button.textContent = text(header);
        header.textContent = "";
        header.appendChild(button);
        header.wpKey = columnKey(header.firstChild);
        header.wpColumn = column;
        headers.push(header);
        button.addEventListener("click", function () {
          var state = read();
          state.order = state.sort === header.wpKey && state.order === "asc" ? "desc" : "asc";
          state.sort = header.wpKey;
          show(state, true);
        });
      });
    });
    var controls = {};
    FILTERS.forEach(function (name) { controls[name] = form.elements.namedItem(name); });
    var count = form.querySelector(".wp-filters__count");

    // The view in the URL; filter values a control does not offer are dropped.
    function fromUrl() {
      var params = new URLSearchParams(window.location.search);
      var state = { sort: params.get("sort") || "", order: params.get("order") === "desc" ? "desc" : "asc" };
      FILTERS.forEach(function (name) {
        var value = params.get(name) || "";
        var control = controls[name];
        if (control && control.tagName === "SELECT") {
          var offered = Array.prototype.some.call(control.options, function (option) { return option.value === value; });
          if (!offered) value = "";
        }
        state[name] = value;
      });
      if (!headers.some(function (header) { return header.wpKey === state.sort; })) state.sort = "";
      return state;
    }

    var current = fromUrl();

    function read() {
      var state = { sort: current.sort, order: current.order };
      FILTERS.forEach(function (name) { state[name] = controls[name] ? controls[name].value.trim() : ""; });
      return state;
    }

    function matches(row, state) {
      return (!state.status || row.getAttribute("data-status") === state.status) &&
        (!state.owner || row.getAttribute("data-owner") === state.owner) &&
        (!state.priority || row.getAttribute("data-priority") === state.priority) &&
        (!state.q || row.wpHaystack.indexOf(state.q.toLowerCase()) >= 0);
    }

    function order(table, state) {
      var header = headers.filter(function (h) { return h.wpKey === state.sort && table.contains(h); })[0];
      var body = table.tBodies[0];
      var list = Array.prototype.slice.call(body.rows);
      var direction = state.order === "desc" ? -1 : 1;
      list.sort(function (a, b) {
        if (header) {
          var x = sortKey(a.cells[header.wpColumn]);
          var y = sortKey(b.cells[header.wpColumn]);
          var by = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
          if (by) return by * direction;
        }
        return Number(a.getAttribute("data-wp-order")) - Number(b.getAttribute("data-wp-order"));
      });
      list.forEach(function (row) { body.appendChild(row); });
    }

    function show(state, write) {
      current = state;
      FILTERS.forEach(function (name) { if (controls[name]) controls[name].value = state[name]; });
      var shown = 0;
      rows.forEach(function (row) {
        row.hidden = !matches(row, state);
        if (!row.hidden) shown += 1;
      });
      wraps.forEach(function (wrap, index) {
        order(tables[index], state);
        var empty = !Array.prototype.some.call(tables[index].tBodies[0].rows, function (row) { return !row.hidden; });
        wrap.hidden = empty;
        var heading = wrap.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = empty;
      });
      headers.forEach(function (header) {
        if (header.wpKey === state.sort) {
          header.setAttribute("aria-sort", state.order === "desc" ? "descending" : "ascending");
        } else {
          header.removeAttribute("aria-sort");
        }
      });
      if (count) {
        count.textContent = shown === rows.length
          ? "Showing all " + rows.length + " " + noun + "."
          : "Showing " + shown + " of " + rows.length + " " + noun + ".";
      }
      if (write) {
        var params = new URLSearchParams();
        FILTERS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
        if (state.sort) {
          params.set("sort", state.sort);
          params.set("order", state.order);
        }
        var query = params.toString();
        var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
        window.history.replaceState(window.history.state, "", url);
      }
    }

    form.addEventListener("input", function () { show(read(), true); });
    form.addEventListener("change", function () { show(read(), true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      var state = read();
      FILTERS.forEach(function (name) { state[name] = ""; });
      show(state, true);
    });
    form.hidden = false;
    show(current, false);
  }

  var material = window.document$;
  if (material && typeof material.subscribe === "function") {
    material.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
