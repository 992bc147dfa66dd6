/* Carries a SAML message on: submits the HTTP-POST binding form at once (a button remains for
 * browsers without JavaScript). An external file so the Content Security Policy needs no inline
 * script. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-auto-submit]");
  if (form) {
    form.submit();
  }
})();
