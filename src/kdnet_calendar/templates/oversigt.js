// What comes next, today's mark and one year at a time. The page reads fine without this:
// every year is shown, and nothing here writes markup (text only, from the page's data).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kalender-data").textContent);
  var DAY = 86400000;

  function todayIso() {
    var now = new Date(Date.now());
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/Copenhagen", year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
      if (parts.year && parts.month && parts.day) {
        return parts.year + "-" + parts.month + "-" + parts.day;
      }
    } catch (e) { /* no time zone data: the reader's own day will do */ }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function utc(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function longDate(iso) {
    var p = iso.split("-"), d = new Date(utc(iso));
    return data.weekdays[(d.getUTCDay() + 6) % 7] + " den " + (+p[2]) + ". " +
      data.months[+p[1] - 1] + " " + p[0];
  }

  function relative(iso, today) {
    var n = Math.round((utc(iso) - utc(today)) / DAY);
    if (n === 0) return "i dag";
    if (n === 1) return "i morgen";
    if (n === -1) return "i går";
    return n > 0 ? "om " + n + " dage" : "for " + (-n) + " dage siden";
  }

  function first(items, today) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].date >= today) return items[i];
    }
    return null;
  }

  var today = todayIso();
  var box = document.getElementById("naeste");

  function fill(slot, item, what) {
    var dd = box.querySelector('[data-slot="' + slot + '"]');
    var row = box.querySelector('[data-row="' + slot + '"]');
    if (!item) { row.hidden = true; return; }
    var a = document.createElement("a");
    a.href = item.href || "#d" + item.date;
    a.textContent = item.label;
    dd.appendChild(a);
    var when = document.createElement("span");
    when.className = "when";
    when.textContent = " (" + relative(item.date, today) + ")";
    dd.appendChild(when);
    if (what) dd.appendChild(document.createTextNode(": " + what));
  }

  function named(item) {
    return item && item.what + (item.title ? " – " + item.title : "");
  }

  box.querySelector('[data-slot="today"]').textContent = longDate(today);
  var kkr = first(data.kkr, today);
  fill("kkr", kkr, kkr && kkr.title);
  fill("prep", kkr && kkr.prep, kkr && kkr.prep && kkr.prep.title);
  if (kkr && !kkr.prep) {
    var dd = box.querySelector('[data-slot="prep"]');
    dd.parentNode.hidden = false;
    dd.textContent = kkr.constituting ? "konstituerer sig efter det konstituerende møde" : "intet forberedende møde";
  }
  if (!data.kkr.length) {
    var next = first(data.meetings, today);
    fill("meeting", next, named(next));
  } else {
    box.querySelector('[data-row="meeting"]').hidden = true;
    if (!kkr) {
      var none = box.querySelector('[data-slot="kkr"]');
      none.parentNode.hidden = false;
      none.textContent = "ingen flere møder i kalenderen";
    }
  }
  var date = first(data.dates, today);
  fill("date", date, date && date.what);
  box.hidden = false;

  // Today's day in the month grid.
  var grid = document.querySelector('table.month[data-month="' + today.slice(0, 7) + '"]');
  if (grid) {
    var cell = grid.querySelectorAll("tbody td:not(:empty)")[+today.slice(8) - 1];
    if (cell) {
      cell.classList.add("today");
      cell.setAttribute("aria-current", "date");
      var link = cell.querySelector("a");
      var name = "I dag, " + longDate(today);
      if (link) {
        link.setAttribute("aria-label", name + ": " + (link.getAttribute("aria-label") || "").replace(/^[^:]*: ?/, ""));
      } else {
        cell.title = name + (cell.title ? ": " + cell.title.replace(/^[^:]*: ?/, "") : "");
      }
    }
  }

  // One year at a time.
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  var navLinks = Array.prototype.slice.call(document.querySelectorAll("nav.years a"));
  var all = document.querySelector("nav.years [data-all]");
  if (!sections.length) return;

  function show(year) {
    sections.forEach(function (s) { s.hidden = year !== "alle" && s.dataset.year !== year; });
    navLinks.forEach(function (a) {
      if (a.getAttribute("href") === "#y" + year) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    all.setAttribute("aria-pressed", year === "alle" ? "true" : "false");
  }

  function yearOf(hash) {
    var id = decodeURIComponent(hash.slice(1));
    var target = id && document.getElementById(id);
    var section = target && target.closest("section.year");
    return section ? section.dataset.year : null;
  }

  function follow() {
    var year = yearOf(location.hash);
    if (!year) return false;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (sections.some(function (s) { return s.hidden && s.dataset.year === year; })) {
      show(year);
      var details = target.closest("details");
      if (details) details.open = true;
      target.scrollIntoView();
    } else if (target.closest("details") && !target.closest("details").open) {
      target.closest("details").open = true;
      target.scrollIntoView();
    }
    return true;
  }

  var years = sections.map(function (s) { return s.dataset.year; });
  var current = today.slice(0, 4);
  var start = years.indexOf(current) >= 0 ? current
    : current < years[0] ? years[0] : years[years.length - 1];
  show(start);
  follow();
  window.addEventListener("hashchange", follow);
  all.hidden = false;
  all.addEventListener("click", function () { show("alle"); });
  // A printout has the year's meetings written out, not folded away.
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) { d.open = false; });
  });
}());
