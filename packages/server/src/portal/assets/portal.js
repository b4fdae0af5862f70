// Residents' portal: progressive enhancement only; every form works without this file.
(function () {
  'use strict';
  var category = document.getElementById('category');
  var commitment = document.getElementById('commitment');
  if (category && commitment) {
    var label = document.documentElement.lang === 'en' ? 'Our commitment: ' : '服务承诺：';
    category.addEventListener('change', function () {
      var opt = category.options[category.selectedIndex];
      var text = opt && opt.getAttribute('data-commitment');
      commitment.textContent = text ? label + text : '';
    });
  }

  var address = document.getElementById('address');
  var premise = document.getElementById('premiseId');
  var list = document.getElementById('address-suggestions');
  if (address && premise && list) {
    var timer = null;
    var last = '';
    address.addEventListener('input', function () {
      premise.value = '';
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    function search() {
      var q = address.value.trim();
      if (q.length < 2 || q === last) { if (q.length < 2) hide(); return; }
      last = q;
      fetch('/portal/api/addresses?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { show(body.items || []); })
        .catch(hide);
    }
    function show(items) {
      list.textContent = '';
      items.forEach(function (item) {
        var li = document.createElement('li');
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = item.label;
        b.setAttribute('data-premise', item.id);
        b.addEventListener('click', function () {
          address.value = item.label;
          premise.value = item.id;
          last = item.label;
          hide();
        });
        li.appendChild(b);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    }
    function hide() { list.hidden = true; list.textContent = ''; }
  }

  var photos = document.getElementById('photos');
  if (photos) {
    photos.addEventListener('change', function () {
      var tooMany = photos.files && photos.files.length > 3;
      photos.setCustomValidity(tooMany ? (document.documentElement.lang === 'en' ? 'At most 3 photos' : '最多 3 张照片') : '');
    });
  }
})();
