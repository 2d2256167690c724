// "Exit this page" and "Print or save as PDF", on every page, without the
// WebAssembly: most pages load none, and these must work from the first
// moment. Sent inline with the page's nonce, so it costs no request.
(function () {
  // The page's exit, and any other (the idle warning has its own, as a
  // dialog makes the rest of the page impossible to press).
  var exit = document.querySelector('[data-exit]');
  function leave(link) {
    // Hide the page at once (the next site may take a moment), and give
    // this page's place in the history to a neutral page of ours, so Back
    // shows that and not the carer's name or answers.
    document.body.innerHTML = '';
    history.replaceState(null, '', link.getAttribute('data-exit'));
    location.assign(link.href);
  }
  if (exit) {
    // Listening on the document catches every exit, including ones drawn
    // after this ran.
    document.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('[data-exit]');
      if (!link) return;
      event.preventDefault();
      leave(link);
    });
    // Shift pressed three times on its own within two seconds, wherever
    // focus is (in an open dialog too). A capital letter or Shift+Tab in
    // between starts the count again. Captured, so nothing can stop it.
    var presses = [];
    window.addEventListener('keydown', function (event) {
      if (event.key !== 'Shift') { presses = []; return; }
      if (event.repeat) return;
      var now = performance.now();
      presses = presses.filter(function (t) { return now - t < 2000; });
      presses.push(now);
      if (presses.length >= 3) leave(exit);
    }, true);
  }
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
