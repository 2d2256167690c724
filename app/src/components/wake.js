// Wakes this page's islands: loads the WebAssembly, then hands each
// <leptos-island> element to its island's function, outermost first.
// Server-rendered children inside an island (<leptos-children>) are woken
// after the island that holds them has set them up. Islands side by side
// wake independently: a lazy island (its code fetched on first use, like
// the idle warning's) never holds up the autosave beside it.
(function (js, wasm) {
  function wakeIsland(element, module, holder) {
    var island = module[element.dataset.component];
    if (!island) return Promise.resolve();
    if (holder) holder();
    return Promise.resolve(island(element));
  }
  function visit(node, module, holder) {
    var woken = [];
    for (var child of Array.from(node.children)) {
      var tag = child.tagName.toLowerCase();
      if (tag === 'leptos-island') {
        woken.push(wakeIsland(child, module, holder).then(visit.bind(null, child, module, holder)));
      } else if (tag === 'leptos-children') {
        woken.push(visit(child, module, child.$$on_hydrate));
      } else {
        woken.push(visit(child, module, holder));
      }
    }
    return Promise.all(woken);
  }
  import(js).then(function (module) {
    return module.default({ module_or_path: wasm }).then(function () {
      module.hydrate();
      return visit(document.body, module, undefined);
    });
  });
})
