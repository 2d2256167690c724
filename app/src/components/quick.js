// "Exit this page" and "Print or save as PDF", on every page, without the
// WebAssembly: most pages load none, and these must work from the first
// moment. Sent inline with the page's nonce, so it costs no request.
(function () {
  var exit = document.querySelector('[data-exit]');
  function leave() {
    // Hide the page at once (the next site may take a moment), and give
    // this page's place in the history to a neutral page of ours, so Back
    // shows that and not the carer's name or answers.
    document.body.innerHTML = '';
    history.replaceState(null, '', exit.getAttribute('data-exit'));
    location.assign(exit.href);
  }
  if (exit) {
    exit.addEventListener('click', function (event) {
      event.preventDefault();
      leave();
    });
    // Shift pressed three times on its own within two seconds. A capital
    // letter or Shift+Tab in between starts the count again.
    var presses = [];
    window.addEventListener('keydown', function (event) {
      if (event.key !== 'Shift') { presses = []; return; }
      if (event.repeat) return;
      var now = performance.now();
      presses = presses.filter(function (t) { return now - t < 2000; });
      presses.push(now);
      if (presses.length >= 3) leave();
    });
  }
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
