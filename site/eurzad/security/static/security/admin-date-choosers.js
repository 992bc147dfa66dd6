/*
 * Wagtail's date, time and date-time widgets start their pickers with an inline <script>, which
 * the portal's content security policy blocks. The portal's copies of those widget templates
 * leave a marker instead (<span data-eurzad-chooser=...>); this file starts the picker for every
 * marker, including those added later (dialogs, panels added from a <template>).
 */
(function () {
  'use strict';

  var CHOOSERS = ['initDateChooser', 'initTimeChooser', 'initDateTimeChooser'];

  function start(marker) {
    if (marker.dataset.eurzadStarted) return;
    if (CHOOSERS.indexOf(marker.dataset.eurzadChooser) === -1) return;
    var init = window[marker.dataset.eurzadChooser];
    if (typeof init !== 'function') return;
    var config = marker.dataset.config ? JSON.parse(marker.dataset.config) : {};
    marker.dataset.eurzadStarted = 'yes';
    init(marker.dataset.inputId, config);
  }

  function startAll(root) {
    if (root.matches && root.matches('[data-eurzad-chooser]')) start(root);
    if (root.querySelectorAll) root.querySelectorAll('[data-eurzad-chooser]').forEach(start);
  }

  function watch() {
    startAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(startAll);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  // The choosers' own script (a widget media file) may come after this one: wait for the page.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', watch);
  } else {
    watch();
  }
})();
