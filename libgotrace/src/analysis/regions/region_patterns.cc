#include "gotrace/analysis/regions/region_patterns.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"
#include "gotrace/analysis/goroutines/goroutine_timeline.h"

namespace gotrace {
namespace {

struct Token {
  std::string text;
  bool quoted = false;
};

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/' || c == '.'; }

bool isName(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Event predicates that are not stack tests.
struct Builtin {
  std::string_view name;
  EventTest::Op op;
  uint32_t kinds;
};
constexpr uint32_t bit(TimelineKind k) { return 1u << unsigned(k); }
constexpr Builtin kBuiltins[] = {
    {"stack", EventTest::Op::HasStack, 0},
    {"always", EventTest::Op::Always, 0},
    {"never", EventTest::Op::Never, 0},
    {"start", EventTest::Op::Kind, bit(TimelineKind::Start)},
    {"end", EventTest::Op::Kind, bit(TimelineKind::End)},
    {"block", EventTest::Op::Kind, bit(TimelineKind::Block)},
    {"yield", EventTest::Op::Kind, bit(TimelineKind::Yield)},
    {"syscall", EventTest::Op::Kind,
     bit(TimelineKind::SyscallBegin) | bit(TimelineKind::SyscallEnd) | bit(TimelineKind::SyscallEndBlocked)},
    {"create", EventTest::Op::Kind, bit(TimelineKind::Create)},
    {"unblock", EventTest::Op::Kind, bit(TimelineKind::Unblock)},
    {"assist", EventTest::Op::Kind, bit(TimelineKind::AssistBegin) | bit(TimelineKind::AssistEnd)},
    {"annotation", EventTest::Op::Kind, bit(TimelineKind::Annotation)},
};

// How deeply `(` and `not` may nest in one test.
constexpr int kMaxTestNesting = 200;

// A test as written, cut for messages (a line may be half a megabyte).
std::string shown(std::string_view text) {
  constexpr size_t kMax = 80;
  return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view name) : text_(text), name_(name) {}

  std::vector<StackPattern> noCause;

  std::vector<RegionRecognizer> parse() {
    size_t pos = 0;
    while (pos <= text_.size()) {
      size_t nl = text_.find('\n', pos);
      if (nl == std::string_view::npos) nl = text_.size();
      line_++;
      parseLine(tokenize(text_.substr(pos, nl - pos)));
      pos = nl + 1;
    }
    finishRegion();
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw Error(fmt::format("{}:{}: {}", name_, line_, what)); }

  std::vector<Token> tokenize(std::string_view line) const {
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < line.size()) {
      char c = line[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '#') {
        break;
      } else if (c == '"' || c == '`') {
        size_t used = 0;
        auto s = unquoteGoPrefix(line.substr(i), used);
        if (!s) fail("unterminated or invalid quoted string");
        tokens.push_back({std::move(*s), true});
        i += used;
      } else if (c == '(' || c == ')') {
        tokens.push_back({std::string(1, c), false});
        i++;
      } else if (isWordChar(c)) {
        size_t j = i;
        while (j < line.size() && isWordChar(line[j])) j++;
        tokens.push_back({std::string(line.substr(i, j - i)), false});
        i = j;
      } else {
        fail(fmt::format("unexpected character {}", goQuoted(std::string_view(&line[i], 1))));
      }
    }
    return tokens;
  }

  void parseLine(const std::vector<Token>& t) {
    if (t.empty()) return;
    const std::string& word = t[0].text;
    if (t[0].quoted) fail("a line starts with a keyword, not a quoted string");
    if (word == "nocause") {
      finishRegion();
      noCause.push_back(stackPattern(t, 1, "nocause \"spec\" ..."));
      return;
    }
    if (word == "region") {
      finishRegion();
      if (t.size() < 2 || t[1].quoted) fail("region needs a kind: region KIND");
      current_ = RegionRecognizer{};
      current_->kind = t[1].text;
      current_->origin = fmt::format("{}:{}", name_, line_);
      if (t.size() == 2) return;
      // region KIND after KIND... before KIND
      size_t i = 2;
      if (t[i].quoted || t[i].text != "after") fail("expected `region KIND` or `region KIND after KIND... before KIND`");
      for (i++; i < t.size() && !(t[i].text == "before" && !t[i].quoted); i++) current_->after.push_back(t[i].text);
      if (current_->after.empty() || i + 2 != t.size()) {
        fail("expected `region KIND after KIND... before KIND` (one kind or more after, one before)");
      }
      current_->before = t[i + 1].text;
      return;
    }
    if (!current_) fail(fmt::format("`{}` outside a region (start one with `region KIND`)", word));
    RegionRecognizer& r = *current_;
    auto noArgs = [&] {
      if (t.size() != 1) fail(fmt::format("`{}` takes no arguments", word));
    };
    if (word == "single") {
      noArgs();
      r.allowSingle = true;
    } else if (word == "flush-at-end") {
      noArgs();
      r.flushAtEnd = true;
    } else if (word == "shared") {
      noArgs();
      r.shared = true;
    } else if (word == "outer") {
      noArgs();
      r.outer = true;
    } else if (word == "stack") {
      if (r.derived()) fail("a derived (after/before) region has no stack tests");
      if (t.size() < 3 || t[1].quoted || !isName(t[1].text)) fail("expected `stack NAME \"spec\" ...`");
      if (isBuiltinName(t[1].text)) fail(fmt::format("`{}` is a built-in test; pick another stack name", t[1].text));
      StackPattern pattern = stackPattern(t, 2, "stack NAME \"spec\" ...");
      size_t index = stackIndex(r, t[1].text);
      if (index == r.stackNames.size()) {
        r.stackNames.push_back(t[1].text);
        r.stackTests.emplace_back();
      }
      r.stackTests[index].push_back(std::move(pattern));
    } else if (word == "activate" || word == "keepalive" || word == "critical" || word == "require") {
      if (r.derived()) fail(fmt::format("a derived (after/before) region has no `{}` rule", word));
      EventTest& test = word == "activate"    ? r.activate
                        : word == "keepalive" ? r.keepalive
                        : word == "critical"  ? r.critical
                                              : r.require;
      if (!test.empty()) fail(fmt::format("`{}` given twice", word));
      if (t.size() < 2) fail(fmt::format("`{}` needs a test, e.g. `{} nostack or T`", word, word));
      test = parseTest(r, t);
    } else {
      fail(fmt::format("unknown keyword `{}` (want region, stack, activate, keepalive, critical, require, single, "
                       "flush-at-end, shared, outer or nocause)",
                       word));
    }
  }

  StackPattern stackPattern(const std::vector<Token>& t, size_t from, std::string_view form) const {
    if (from >= t.size()) fail(fmt::format("expected `{}`", form));
    std::vector<std::string> specs;
    for (size_t i = from; i < t.size(); i++) {
      if (!t[i].quoted) fail(fmt::format("stack specs are quoted strings (\"**\", \"^regexp$\"), not `{}`", t[i].text));
      specs.push_back(t[i].text);
    }
    try {
      return StackPattern(std::move(specs));
    } catch (const Error& e) {
      fail(e.what());
    }
  }

  static bool isBuiltinName(std::string_view name) {
    if (name == "nostack" || name == "not" || name == "and" || name == "or") return true;
    for (const Builtin& b : kBuiltins) {
      if (b.name == name) return true;
    }
    return false;
  }

  static size_t stackIndex(const RegionRecognizer& r, std::string_view name) {
    size_t i = 0;
    while (i < r.stackNames.size() && r.stackNames[i] != name) i++;
    return i;
  }

  // expr := term ("or" term)* ; term := factor ("and" factor)* ;
  // factor := "not" factor | "(" expr ")" | name
  EventTest parseTest(const RegionRecognizer& r, const std::vector<Token>& t) {
    EventTest test;
    for (size_t i = 1; i < t.size(); i++) {
      if (i > 1) test.text += ' ';
      test.text += t[i].text;
    }
    size_t pos = 1;
    parseOr(r, t, pos, test);
    if (pos != t.size()) fail(fmt::format("unexpected `{}` in `{}`", t[pos].text, shown(test.text)));
    return test;
  }

  int32_t add(EventTest& test, EventTest::Node node) {
    test.nodes.push_back(node);
    return int32_t(test.nodes.size() - 1);
  }

  int32_t parseOr(const RegionRecognizer& r, const std::vector<Token>& t, size_t& pos, EventTest& test) {
    int32_t left = parseAnd(r, t, pos, test);
    while (pos < t.size() && !t[pos].quoted && t[pos].text == "or") {
      pos++;
      int32_t right = parseAnd(r, t, pos, test);
      left = add(test, {EventTest::Op::Or, 0, left, right});
    }
    return left;
  }

  int32_t parseAnd(const RegionRecognizer& r, const std::vector<Token>& t, size_t& pos, EventTest& test) {
    int32_t left = parseFactor(r, t, pos, test);
    while (pos < t.size() && !t[pos].quoted && t[pos].text == "and") {
      pos++;
      int32_t right = parseFactor(r, t, pos, test);
      left = add(test, {EventTest::Op::And, 0, left, right});
    }
    return left;
  }

  // The parser recurses once per `(` and `not`: their nesting is limited.
  struct Nesting {
    explicit Nesting(Parser& p, const EventTest& test) : parser(p) {
      if (++parser.nesting_ > kMaxTestNesting) {
        parser.fail(fmt::format("`(` and `not` nested deeper than {} levels in `{}`", kMaxTestNesting, shown(test.text)));
      }
    }
    ~Nesting() { parser.nesting_--; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Parser& parser;
  };

  int32_t parseFactor(const RegionRecognizer& r, const std::vector<Token>& t, size_t& pos, EventTest& test) {
    if (pos >= t.size()) fail(fmt::format("`{}` ends too early", shown(test.text)));
    const Token& tok = t[pos++];
    if (tok.quoted) fail(fmt::format("tests name stacks (`stack NAME ...`), not quoted strings, in `{}`", shown(test.text)));
    if (tok.text == "not") {
      const Nesting nesting(*this, test);
      int32_t inner = parseFactor(r, t, pos, test);
      return add(test, {EventTest::Op::Not, 0, inner, -1});
    }
    if (tok.text == "(") {
      const Nesting nesting(*this, test);
      int32_t inner = parseOr(r, t, pos, test);
      if (pos >= t.size() || t[pos].text != ")") fail(fmt::format("missing `)` in `{}`", shown(test.text)));
      pos++;
      return inner;
    }
    if (tok.text == "nostack") {
      int32_t has = add(test, {EventTest::Op::HasStack, 0, -1, -1});
      return add(test, {EventTest::Op::Not, 0, has, -1});
    }
    for (const Builtin& b : kBuiltins) {
      if (b.name == tok.text) return add(test, {b.op, b.kinds, -1, -1});
    }
    size_t index = stackIndex(r, tok.text);
    if (index == r.stackNames.size()) {
      fail(fmt::format("unknown test `{}` in `{}` (define it first with `stack {} \"spec\" ...`, or use one of "
                       "nostack, stack, start, end, block, yield, syscall, create, unblock, assist, annotation, "
                       "always, never)",
                       tok.text, shown(test.text), tok.text));
    }
    return add(test, {EventTest::Op::Stack, uint32_t(index), -1, -1});
  }

  void finishRegion() {
    if (!current_) return;
    RegionRecognizer& r = *current_;
    if (!r.derived()) {
      if (r.activate.empty()) fail(fmt::format("region {} (from line {}) has no `activate` rule", r.kind, originLine(r)));
      if (r.keepalive.empty()) fail(fmt::format("region {} (from line {}) has no `keepalive` rule", r.kind, originLine(r)));
    }
    out_.push_back(std::move(r));
    current_.reset();
  }

  static std::string_view originLine(const RegionRecognizer& r) {
    return std::string_view(r.origin).substr(r.origin.rfind(':') + 1);
  }

  std::string_view text_;
  std::string name_;
  int line_ = 0;
  int nesting_ = 0;
  std::optional<RegionRecognizer> current_;
  std::vector<RegionRecognizer> out_;
};

}  // namespace

namespace {

constexpr std::string_view kBuiltinName = "built-in patterns";

std::string_view originFile(const RegionRecognizer& r) {
  return std::string_view(r.origin).substr(0, r.origin.rfind(':'));
}

}  // namespace

RegionPatterns RegionPatterns::load(bool withBuiltin, const std::vector<std::string>& files,
                                    std::vector<PatternFileNote>* notes) {
  RegionPatterns patterns = withBuiltin ? builtin() : RegionPatterns();
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot open patterns file").setFile(file);
    std::stringstream text;
    text << in.rdbuf();
    RegionPatterns more = parse(text.str(), file);
    PatternFileNote note{file, {}};
    // A kind the built-ins define is replaced where it stands (a copy of
    // -show-patterns edited does not count every region twice); one that
    // another file defines is a conflict.
    std::vector<RegionRecognizer> added;
    for (RegionRecognizer& r : more.recognizers_) {
      auto same = std::find_if(patterns.recognizers_.begin(), patterns.recognizers_.end(),
                               [&](const RegionRecognizer& have) { return have.kind == r.kind; });
      if (same == patterns.recognizers_.end() || originFile(*same) == file) {
        added.push_back(std::move(r));
      } else if (originFile(*same) == kBuiltinName) {
        note.replacedKinds.push_back(r.kind);
        *same = std::move(r);
      } else {
        throw Error(fmt::format("region {} is defined by two pattern files: {} and {}", r.kind, same->origin,
                                r.origin));
      }
    }
    for (RegionRecognizer& r : added) patterns.recognizers_.push_back(std::move(r));
    for (StackPattern& p : more.noCause_) {
      const bool known = std::any_of(patterns.noCause_.begin(), patterns.noCause_.end(),
                                     [&](const StackPattern& have) { return have.specs() == p.specs(); });
      if (!known) patterns.noCause_.push_back(std::move(p));
    }
    patterns.checkReferences();
    if (notes && !note.replacedKinds.empty()) notes->push_back(std::move(note));
  }
  return patterns;
}

RegionPatterns RegionPatterns::parse(std::string_view text, std::string_view name) {
  RegionPatterns p;
  Parser parser(text, name);
  p.recognizers_ = parser.parse();
  p.noCause_ = std::move(parser.noCause);
  return p;
}

RegionPatterns RegionPatterns::builtin() {
  RegionPatterns p;
  p.append(parse(builtinText(), kBuiltinName));
  return p;
}

void RegionPatterns::append(RegionPatterns more) {
  for (RegionRecognizer& r : more.recognizers_) recognizers_.push_back(std::move(r));
  for (StackPattern& p : more.noCause_) noCause_.push_back(std::move(p));
  checkReferences();
}

void RegionPatterns::checkReferences() const {
  for (size_t i = 0; i < recognizers_.size(); i++) {
    const RegionRecognizer& r = recognizers_[i];
    if (!r.derived()) continue;
    std::vector<std::string> kinds = r.after;
    kinds.push_back(r.before);
    for (const std::string& kind : kinds) {
      bool found = false;
      for (size_t j = 0; j < i; j++) found = found || recognizers_[j].kind == kind;
      if (!found) {
        throw Error(fmt::format("{}: region {} refers to regions of kind {}, which no earlier region defines",
                                r.origin, r.kind, kind));
      }
    }
  }
}

}  // namespace gotrace
