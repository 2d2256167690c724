// Wakes this page's islands: loads the WebAssembly, then hands each
// <leptos-island> element to its island's function, outermost first.
// Server-rendered children inside an island (<leptos-children>) are woken
// after the island that holds them has set them up.
(function (js, wasm) {
  var holders = [];
  function wakeIsland(element, module) {
    var island = module[element.dataset.component];
    if (!island) return Promise.resolve();
    var holder = holders[holders.length - 1];
    if (holder) holder();
    return Promise.resolve(island(element));
  }
  async function visit(node, module) {
    for (var child of Array.from(node.children)) {
      var tag = child.tagName.toLowerCase();
      if (tag === 'leptos-island') {
        await wakeIsland(child, module);
        await visit(child, module);
      } else if (tag === 'leptos-children') {
        holders.push(child.$$on_hydrate);
        await visit(child, module);
        holders.pop();
      } else {
        await visit(child, module);
      }
    }
  }
  import(js).then(function (module) {
    return module.default({ module_or_path: wasm }).then(function () {
      module.hydrate();
      return visit(document.body, module);
    });
  });
})
