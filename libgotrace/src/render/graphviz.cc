// Running Graphviz's `dot`, and making its SVG pan and zoom in a browser.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <re2/re2.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "gotrace/base/error.h"
#include "gotrace/render/graphviz.h"

extern char** environ;

namespace gotrace {
namespace {

// Our own small pan/zoom for the graph: the wheel zooms around the pointer,
// dragging pans. It drives the transform of <g id="viewport">, in the
// units of the SVG's viewBox (which fits the whole graph to the window at
// first): pointer positions are mapped into them by the screen's matrix.
constexpr const char* kPanZoomScript = R"JS(
window.addEventListener('load', function () {
  var svg = document.documentElement;
  var viewport = document.getElementById('viewport');
  if (!viewport) return;
  var scale = 1, tx = 0, ty = 0, drag = null;
  function apply() {
    viewport.setAttribute('transform', 'translate(' + tx + ',' + ty + ') scale(' + scale + ')');
  }
  function point(e) {
    var m = svg.getScreenCTM();
    if (!m) return {x: e.clientX, y: e.clientY};
    var p = svg.createSVGPoint();
    p.x = e.clientX;
    p.y = e.clientY;
    return p.matrixTransform(m.inverse());
  }
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var k = Math.exp(-e.deltaY * 0.002), p = point(e);
    tx = p.x - (p.x - tx) * k;
    ty = p.y - (p.y - ty) * k;
    scale *= k;
    apply();
  }, {passive: false});
  svg.addEventListener('mousedown', function (e) {
    var p = point(e);
    drag = {x: p.x - tx, y: p.y - ty};
    e.preventDefault();
  });
  window.addEventListener('mousemove', function (e) {
    if (!drag) return;
    var p = point(e);
    tx = p.x - drag.x;
    ty = p.y - drag.y;
    apply();
  });
  window.addEventListener('mouseup', function () { drag = null; });
  apply();
});
)JS";

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

}  // namespace

std::string makeSvgPannable(std::string svg) {
  replaceAll(svg, "&;", "&amp;;");  // dot writes a bare "&;" for some labels
  // Fitted to the window: as wide and high as it, the graph's own viewBox
  // scaled into it whole, centred.
  RE2::Replace(&svg, R"re(<svg\s*width="[^"]+"\s*height="[^"]+"\s*viewBox="([^"]+)")re",
               R"re(<svg width="100%" height="100%" viewBox="\1" preserveAspectRatio="xMidYMid meet")re");
  re2::StringPiece input(svg), match;
  RE2 graph(R"((<g id="graph\d))");
  if (RE2::PartialMatch(input, graph, &match)) {
    size_t at = size_t(match.data() - svg.data());
    svg.insert(at, std::string("<script type=\"text/ecmascript\"><![CDATA[") + kPanZoomScript +
                       "]]></script>\n<g id=\"viewport\" transform=\"translate(0,0) scale(1)\">\n");
    size_t end = svg.find("</svg>");
    if (end != std::string::npos) svg.insert(end, "</g>\n");
  }
  return svg;
}

std::string dotToSvg(const std::string& dot) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
  char errPath[] = "/tmp/gotrace-dot-XXXXXX";
  int errFd = mkstemp(errPath);
  if (errFd >= 0) unlink(errPath);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  if (errFd >= 0) posix_spawn_file_actions_adddup2(&actions, errFd, 2);
  const char* argv[] = {"dot", "-Tsvg", nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "dot", &actions, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (rc != 0) {
    close(in[1]);
    close(out[0]);
    if (errFd >= 0) close(errFd);
    throw Error(fmt::format("cannot run graphviz's `dot` ({}); install graphviz: apt-get install graphviz",
                            std::strerror(rc)));
  }
  // Feed dot from another thread while reading its output; a dot that dies
  // early must not take us with it (SIGPIPE).
  std::thread writer([&] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    size_t done = 0;
    while (done < dot.size()) {
      ssize_t n = write(in[1], dot.data() + done, dot.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += size_t(n);
    }
    close(in[1]);
  });
  std::string svg;
  char buf[65536];
  for (;;) {
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    svg.append(buf, size_t(n));
  }
  close(out[0]);
  writer.join();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string errors;
  if (errFd >= 0) {
    lseek(errFd, 0, SEEK_SET);
    for (ssize_t n; (n = read(errFd, buf, sizeof buf)) > 0;) errors.append(buf, size_t(n));
    close(errFd);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      throw Error("cannot run graphviz's `dot`; install graphviz: apt-get install graphviz");
    }
    throw Error("generate svg file: dot failed" + (errors.empty() ? std::string() : ":\n" + errors));
  }
  return makeSvgPannable(std::move(svg));
}

}  // namespace gotrace
