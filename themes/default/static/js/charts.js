/* gongshi: draws every chart of the page with the vendored ECharts (/vendor/echarts/echarts.min.js,
   loaded before this file, only on the statistics pages).

   Each chart is a block written by the generator (package generator/charts):
     <script type="application/json" id="chartMonthlyVolume" data-chart>
       {"title":"每月受理与办结工单","renderer":"svg","locale":"ZH","height":320,"option":{…}}
     </script>
   For each block this script inserts <figure class="chart"><figcaption>title</figcaption><div>
   before it and draws the option in the div with the SVG renderer. The option holds data only, never code; hidden figures are null, a gap.
   Nothing is fetched: no other host is contacted. Without JavaScript, or without ECharts, nothing
   happens and the tables beside the charts are the page. */
(function () {
  'use strict';

  var echarts = window.echarts;
  if (!echarts || !document.querySelectorAll) {
    return;
  }
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var drawn = [];

  function draw(block) {
    var spec;
    try {
      spec = JSON.parse(block.textContent);
    } catch (e) {
      return;
    }
    if (!spec || typeof spec.option !== 'object' || block.getAttribute('data-drawn')) {
      return;
    }
    var figure = document.createElement('figure');
    figure.className = 'chart';
    figure.setAttribute('data-chart-for', block.id);
    if (spec.title) {
      var caption = document.createElement('figcaption');
      caption.textContent = spec.title;
      figure.appendChild(caption);
    }
    var box = document.createElement('div');
    box.style.width = '100%';
    box.style.height = (spec.height > 0 ? spec.height : 320) + 'px';
    figure.appendChild(box);
    block.parentNode.insertBefore(figure, block);
    block.setAttribute('data-drawn', 'true');

    var option = spec.option;
    if (reduceMotion) {
      option.animation = false;
    }
    // The SVG renderer only: crisp on phones, printable, and the text stays selectable.
    var chart = echarts.init(box, null, {
      renderer: 'svg',
      locale: spec.locale === 'EN' ? 'EN' : 'ZH'
    });
    chart.setOption(option);
    drawn.push(chart);
  }

  function drawAll() {
    var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
    for (var i = 0; i < blocks.length; i++) {
      try {
        draw(blocks[i]);
      } catch (e) {
        // One chart that cannot be drawn leaves the others, and its table, alone.
        if (window.console) {
          window.console.error('chart ' + blocks[i].id + ': ' + e);
        }
      }
    }
  }

  var pending = 0;
  window.addEventListener('resize', function () {
    if (pending) {
      window.cancelAnimationFrame(pending);
    }
    pending = window.requestAnimationFrame(function () {
      pending = 0;
      for (var i = 0; i < drawn.length; i++) {
        drawn[i].resize();
      }
    });
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
