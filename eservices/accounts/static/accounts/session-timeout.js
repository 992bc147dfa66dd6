/*
 * The resident's idle-timeout warning. The server keeps the clock (15 minutes without a request
 * end the session); this script shows the warning two minutes before the end, counts down, and
 * extends the session with the button without reloading the page. Polling for the state is
 * marked passive so that it does not count as activity. Without JavaScript nothing is shown and
 * the server still ends the session on time.
 */
(function () {
  "use strict";
  var box = document.getElementById("session-timeout");
  if (!box) {
    return;
  }
  var WARN_AT = 120;
  var stateUrl = box.getAttribute("data-state-url");
  var expiredUrl = box.getAttribute("data-expired-url");
  var countdown = box.querySelector("[data-countdown]");
  var extendForm = box.querySelector("[data-extend]").form;
  var endsAt = Date.now() + parseInt(box.getAttribute("data-seconds-left"), 10) * 1000;
  var lastFocus = null;

  function secondsLeft() {
    return Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function show() {
    if (box.hidden) {
      lastFocus = document.activeElement;
      box.hidden = false;
      box.querySelector("[data-extend]").focus();
    }
  }

  function hide() {
    if (!box.hidden) {
      box.hidden = true;
      if (lastFocus && lastFocus.focus) {
        lastFocus.focus();
      }
    }
  }

  function refresh(state) {
    if (state.expired) {
      window.location.assign(expiredUrl);
      return;
    }
    endsAt = Date.now() + state.seconds_left * 1000;
  }

  function ask() {
    fetch(stateUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Session-Passive": "1" },
    })
      .then(function (response) { return response.json(); })
      .then(refresh)
      .catch(function () {});
  }

  function tick() {
    var left = secondsLeft();
    if (left <= 0) {
      ask();
      return;
    }
    if (left <= WARN_AT) {
      countdown.textContent = format(left);
      show();
    } else {
      hide();
    }
  }

  extendForm.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(stateUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new FormData(extendForm),
    })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        refresh(state);
        hide();
      })
      .catch(function () { extendForm.submit(); });
  });

  // Other tabs may have kept the session alive: check with the server before warning.
  setInterval(tick, 1000);
  setInterval(function () {
    if (secondsLeft() <= WARN_AT + 5) {
      ask();
    }
  }, 30000);
  tick();
})();
