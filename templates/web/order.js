// order.js: an order question arranged by dragging, or by Move up and
// Move down buttons from the keyboard, where JavaScript runs.  The page
// works without it: each item has a <select> of its position, which starts
// at "Choose" and is required.  Those selects stay the form's fields; this
// script hides them and fills them in from the arranged list, but only
// once the learner has moved an item or chosen "This order is right", so
// that an order is never sent as it was first shown.  Served by vigil as
// /order.js (its pages allow no inline script).
"use strict";

(function () {
  function text(node) {
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  }

  function setup(fieldset) {
    var form = fieldset.form || fieldset.closest("form");
    var rows = Array.prototype.slice.call(fieldset.querySelectorAll(".option"));
    var items = [], touched = false, n = rows.length;
    if (!form || n < 2) return;

    var help = el("p", "order-help",
      "Drag the items into your order, first at the top, or move them " +
      "with their Move up and Move down buttons.  If they are already in " +
      "your order, choose \u201cThis order is right\u201d.");
    help.id = "order-help";
    var list = el("ol", "order-list");
    list.setAttribute("aria-describedby", "order-help");
    var live = el("p", "visually-hidden");
    live.setAttribute("aria-live", "polite");
    live.id = "order-live";
    var state = el("p", "order-state", "Not arranged yet.");
    var confirm = el("button", "secondary order-confirm",
      "This order is right");
    confirm.type = "button";
    var problem = el("p", "error order-problem");
    problem.id = "order-problem";
    problem.setAttribute("role", "alert");
    problem.hidden = true;

    rows.forEach(function (row, i) {
      var label = row.querySelector("label");
      var select = row.querySelector("select");
      if (!label || !select) return;
      var li = el("li", "order-item");
      var grip = el("span", "grip", "\u2630");
      grip.setAttribute("aria-hidden", "true");
      var pos = el("span", "pos", "");
      pos.setAttribute("aria-hidden", "true");
      var body = el("span", "text");
      Array.prototype.forEach.call(label.childNodes, function (c) {
        body.appendChild(c.cloneNode(true));
      });
      var name = text(label);
      var up = el("button", "secondary up", "Move up");
      var down = el("button", "secondary down", "Move down");
      up.type = down.type = "button";
      // Named with their item, the visible words first (WCAG 2.5.3).
      up.setAttribute("aria-label", "Move up: \u201c" + name + "\u201d");
      down.setAttribute("aria-label", "Move down: \u201c" + name + "\u201d");
      var moves = el("span", "moves");
      moves.appendChild(up);
      moves.appendChild(down);
      li.appendChild(grip);
      li.appendChild(pos);
      li.appendChild(body);
      li.appendChild(moves);
      var item = { li: li, select: select, name: name, index: i };
      li.vigilItem = item;
      up.addEventListener("click", function () { move(item, -1, up); });
      down.addEventListener("click", function () { move(item, 1, down); });
      li.addEventListener("pointerdown", function (e) { drag(e, item); });
      items.push(item);
    });
    if (items.length !== n) return;

    // An answer posted back with every position set (a page shown again
    // after an error) starts in that order, as the learner's own.
    var chosen = items.map(function (it) { return Number(it.select.value); });
    var all = chosen.every(function (p, i) {
      return p >= 1 && p <= n && chosen.indexOf(p) === i;
    });
    var start = items.slice();
    if (all) {
      start.sort(function (a, b) {
        return Number(a.select.value) - Number(b.select.value);
      });
    }
    start.forEach(function (it) { list.appendChild(it.li); });

    rows.forEach(function (row) { row.hidden = true; });
    var legend = fieldset.querySelector("legend");
    if (legend) legend.textContent = "Put these in order, first at the top";
    var after = legend ? legend.nextSibling : fieldset.firstChild;
    [help, problem, list, confirm, state, live].forEach(function (e) {
      fieldset.insertBefore(e, after);
    });
    number();
    if (all) arranged(false);

    function order() {
      return Array.prototype.map.call(list.children, function (li) {
        return li.vigilItem;
      });
    }

    function number() {
      order().forEach(function (it, i) {
        it.li.querySelector(".pos").textContent = (i + 1) + ".";
      });
    }

    function say(msg) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = msg; }, 50);
    }

    // The learner has arranged the list: its order becomes the answer.
    function arranged(announce) {
      touched = true;
      order().forEach(function (it, i) { it.select.value = String(i + 1); });
      state.textContent = "Arranged: choose Continue to give this order.";
      problem.hidden = true;
      problem.textContent = "";
      if (announce) say(announce);
    }

    function where(it) {
      var at = order().indexOf(it) + 1;
      return "\u201c" + it.name + "\u201d is now " + at + " of " + n + ".";
    }

    function move(it, by, button) {
      var now = order(), at = now.indexOf(it), to = at + by;
      if (to < 0 || to >= n) {
        say("\u201c" + it.name + "\u201d is already " +
          (by < 0 ? "first." : "last."));
        return;
      }
      if (by < 0) list.insertBefore(it.li, now[to].li);
      else list.insertBefore(it.li, now[to].li.nextSibling);
      number();
      button.focus();
      arranged(where(it));
    }

    function drag(e, it) {
      if (e.button !== 0 || e.target.closest("button")) return;
      var from = order().indexOf(it), moved = false;
      e.preventDefault();
      it.li.classList.add("dragging");
      // The document follows the pointer, not the item: moving the item
      // in the list would end a pointer capture on it.
      function over(ev) {
        var y = ev.clientY, before = null;
        order().some(function (o) {
          if (o === it) return false;
          var r = o.li.getBoundingClientRect();
          if (y < r.top + r.height / 2) { before = o.li; return true; }
          return false;
        });
        if (it.li.nextSibling !== before) {
          list.insertBefore(it.li, before);
          moved = true;
          number();
        }
      }
      function end() {
        it.li.classList.remove("dragging");
        document.removeEventListener("pointermove", over);
        document.removeEventListener("pointerup", end);
        document.removeEventListener("pointercancel", end);
        if (moved && order().indexOf(it) !== from) arranged(where(it));
      }
      document.addEventListener("pointermove", over);
      document.addEventListener("pointerup", end);
      document.addEventListener("pointercancel", end);
    }

    confirm.addEventListener("click", function () {
      arranged("Your order is set: " + order().map(function (it, i) {
        return (i + 1) + ". " + it.name;
      }).join("; ") + ".");
    });

    // The hidden selects are still required: an untouched list stops the
    // form, and this says why where the learner is looking.
    form.addEventListener("invalid", function (e) {
      if (touched || items.every(function (it) { return it.select !== e.target; }))
        return;
      problem.textContent = "Error: put the items in your order first: " +
        "move at least one, or choose \u201cThis order is right\u201d.";
      problem.hidden = false;
      var first = list.querySelector("button");
      if (first) first.focus();
    }, true);
  }

  function start() {
    Array.prototype.forEach.call(
      document.querySelectorAll("fieldset.order"), setup);
  }

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", start);
  else
    start();
})();
