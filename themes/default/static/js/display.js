/*
 * Display preferences of the public site: the high-contrast version ("wersja kontrastowa") and
 * the text size (A / A+ / A++), plus the keyboard behaviour of the main menu's submenus.
 *
 * Loaded in <head> without `defer` on purpose: the first part runs before the body is parsed and
 * puts the reader's saved choices on <html> as classes, so the page is painted once, in the
 * chosen colours and size. It is an external file (not inline) so that a Content Security Policy
 * without 'unsafe-inline' keeps working.
 *
 * Preferences live in localStorage, never in a cookie: nothing is sent to the server, the page
 * cache stays shared, and no cookie banner is needed. Without JavaScript the controls stay
 * hidden (the `hidden` attribute in the markup) and the page is shown in its normal colours.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var CONTRAST_KEY = "eurzad.contrast";
  var SIZE_KEY = "eurzad.textSize";
  var SIZES = ["normal", "large", "larger"];

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage disabled (privacy settings): the defaults apply
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      /* storage disabled: the choice lasts until the next page only */
    }
  }

  function applyContrast(on) {
    root.classList.toggle("high-contrast", on);
  }

  function applySize(size) {
    if (SIZES.indexOf(size) === -1) {
      size = "normal";
    }
    SIZES.forEach(function (name) {
      root.classList.toggle("text-" + name, name === size && name !== "normal");
    });
    return size;
  }

  // Before first paint.
  applyContrast(read(CONTRAST_KEY) === "high");
  applySize(read(SIZE_KEY));

  function wireDisplayControls() {
    var controls = document.querySelector("[data-display-controls]");
    if (!controls) {
      return;
    }
    var contrastButton = controls.querySelector("[data-contrast-toggle]");
    var sizeButtons = controls.querySelectorAll("[data-text-size]");

    function showContrast() {
      contrastButton.setAttribute(
        "aria-pressed", String(root.classList.contains("high-contrast"))
      );
    }

    function showSize(size) {
      Array.prototype.forEach.call(sizeButtons, function (button) {
        button.setAttribute("aria-pressed", String(button.dataset.textSize === size));
      });
    }

    if (contrastButton) {
      contrastButton.addEventListener("click", function () {
        var on = !root.classList.contains("high-contrast");
        applyContrast(on);
        write(CONTRAST_KEY, on ? "high" : "normal");
        showContrast();
      });
      showContrast();
    }
    Array.prototype.forEach.call(sizeButtons, function (button) {
      button.addEventListener("click", function () {
        var size = applySize(button.dataset.textSize);
        write(SIZE_KEY, size);
        showSize(size);
      });
    });
    showSize(applySize(read(SIZE_KEY)));
    controls.hidden = false;
  }

  /*
   * Submenus of the main menu follow the disclosure pattern: a button with aria-expanded opens
   * its list; Escape closes it and returns focus to the button; leaving the item with Tab or a
   * click elsewhere closes it. Without JavaScript the submenus are plain, always visible lists.
   */
  function wireMenu() {
    var toggles = document.querySelectorAll("[data-submenu-toggle]");
    if (!toggles.length) {
      return;
    }
    function close(toggle, moveFocus) {
      var list = document.getElementById(toggle.getAttribute("aria-controls"));
      toggle.setAttribute("aria-expanded", "false");
      if (list) {
        list.hidden = true;
      }
      if (moveFocus) {
        toggle.focus();
      }
    }
    Array.prototype.forEach.call(toggles, function (toggle) {
      var item = toggle.closest("li");
      var list = document.getElementById(toggle.getAttribute("aria-controls"));
      toggle.hidden = false;
      if (list) {
        list.hidden = true;
      }
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        Array.prototype.forEach.call(toggles, function (other) {
          if (other !== toggle) {
            close(other, false);
          }
        });
        toggle.setAttribute("aria-expanded", String(open));
        if (list) {
          list.hidden = !open;
        }
      });
      item.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
          event.preventDefault();
          close(toggle, true);
        }
      });
      item.addEventListener("focusout", function (event) {
        if (!item.contains(event.relatedTarget)) {
          close(toggle, false);
        }
      });
    });
    document.addEventListener("click", function (event) {
      Array.prototype.forEach.call(toggles, function (toggle) {
        if (!toggle.closest("li").contains(event.target)) {
          close(toggle, false);
        }
      });
    });
  }

  function wire() {
    wireDisplayControls();
    wireMenu();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
