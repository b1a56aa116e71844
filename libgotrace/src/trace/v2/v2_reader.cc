#include "v2/v2_reader.h"

#include <fmt/format.h>

#include <algorithm>

namespace gotrace::v2 {

V2Reader::V2Reader(Input input, TraceVersion version, const ReadOptions& options)
    : TraceReader(version, input.name(), options),
      input_(std::move(input)),
      resolver_(tables_),
      ordering_(resolver_),
      pipeline_(std::make_unique<GenerationPipeline>(input_, version.minor, blocks_, options)) {
  setInputSize(input_.knownSize());
}

bool V2Reader::readNext(Event& ev) {
  if (pendingHead_ == pendingCount_) {
    if (failed_) throw *failed_;
    if (done_) return false;
    const size_t k = step(pending_);
    pendingHead_ = 0;
    pendingCount_ = k;
    if (k == 0) return false;
  }
  ev = pending_[pendingHead_++];
  return true;
}

size_t V2Reader::readBatch(std::span<Event> out) {
  size_t n = 0;
  while (n < out.size() && pendingHead_ < pendingCount_) out[n++] = pending_[pendingHead_++];
  if (out.size() - n < kMaxStep) {
    // Too little room for a step: one event at a time.
    while (n < out.size()) {
      try {
        if (!readNext(out[n])) break;
      } catch (const Error&) {
        if (n == 0) throw;
        break;
      }
      n++;
    }
    return n;
  }
  try {
    while (out.size() - n >= kMaxStep && !done_) {
      const size_t k = step(out.data() + n);
      if (k == 0) break;
      n += k;
    }
  } catch (const Error&) {
    if (n == 0) throw;  // else the next call throws it
  }
  return n;
}

size_t V2Reader::step(Event* out) {
  if (failed_) throw *failed_;
  for (;;) {
    size_t k = 0;
    try {
      k = produce(out);
    } catch (Error& e) {
      e.setFile(inputName());
      failed_ = e;
      throw;
    }
    // Go's reader makes times strictly increasing.
    for (size_t i = 0; i < k; i++) {
      if (out[i].time <= lastTs_) out[i].time = lastTs_ + 1;
      lastTs_ = out[i].time;
    }
    if (k == 0 || !producedSilently_) return k;
  }
}

size_t V2Reader::produce(Event* out) {
  if (done_) return 0;
  producedSilently_ = silent_;
  const bool samplesLeft = gen_ && nextSample_ < gen_->cpuSamples.size();
  if (frontier_.empty() && !samplesLeft) {
    const size_t k = nextGeneration(*out);
    producedSilently_ = silent_;  // a Sync belongs to the generation it opens
    return k;
  }
  if (samplesLeft && (frontier_.empty() || gen_->cpuSamples[nextSample_].time < frontier_[0]->time())) {
    sampleEvent(*out);
    return 1;
  }
  if (frontier_.empty()) throw Error(fmt::format("broken trace: frontier is empty: [gen={}]", gen_->gen));
  if (const size_t k = tryAdvance(0, out)) return k;
  // Rare: the earliest event must wait for another thread. Try the others
  // in time order. (A sorted array is still a valid heap.)
  std::stable_sort(frontier_.items().begin(), frontier_.items().end(),
                   [](const DecodedCursor* a, const DecodedCursor* b) { return a->time() < b->time(); });
  for (size_t i = 1; i < frontier_.size(); i++) {
    if (const size_t k = tryAdvance(i, out)) return k;
  }
  std::string frontier;
  for (const DecodedCursor* c : frontier_.items()) {
    const WireEvent& w = c->event();
    frontier += fmt::format("M {} [{} time={} offset={}]\n", c->m(), specOf(w.type)->name, w.time, w.offset);
  }
  throw Error(fmt::format("broken trace: failed to advance: frontier:\n[gen={}]\n\n{}\n{}", gen_->gen, frontier,
                          ordering_.dump()),
              frontier_[0]->event().offset);
}

size_t V2Reader::tryAdvance(size_t i, Event* out) {
  DecodedCursor* c = frontier_[i];
  const size_t k = ordering_.advance(c->event(), c->m(), gen_->gen, out);
  if (k == 0) return 0;
  if (c->next()) {
    frontier_.fix(i);
  } else {
    frontier_.removeBySiftingToRoot(i);
  }
  return k;
}

size_t V2Reader::nextGeneration(Event& ev) {
  // Everything of the previous generation has been consumed.
  experimental_.clear();
  cursors_.clear();
  frontier_.items().clear();
  silent_ = false;
  auto endWithSync = [&] {
    gen_.reset();
    decoded_.reset();
    syncs_++;
    makeSync(ev, lastTs_, nullptr);
    return 1;
  };
  auto take = [&] {
    LoadedGeneration next = pipeline_->next();
    if (next.traceStart) setTraceStart(*next.traceStart);
    return next;
  };
  if (version().minor >= 26) {
    if (loadError_) throw *loadError_;
    LoadedGeneration next = take();
    if (next.windowEnd) {
      done_ = true;
      return 0;
    }
    if (next.loadError) {
      // A Sync closes what was delivered; the error follows.
      loadError_ = std::move(next.loadError);
      return endWithSync();
    }
    if (!next.gen) {
      done_ = true;
      return endWithSync();
    }
    install(std::move(next), ev);
    return 1;
  }
  if (spillError_) {
    if (spillErrorSynced_) throw *spillError_;
    spillErrorSynced_ = true;
    return endWithSync();
  }
  LoadedGeneration next = take();
  if (next.windowEnd) {
    done_ = true;
    return 0;
  }
  if (next.end) {
    done_ = true;
    return endWithSync();
  }
  if (next.loadError) {
    spillError_ = std::move(next.loadError);
    spillErrorSynced_ = true;
    return endWithSync();
  }
  spillError_ = std::move(next.readError);
  install(std::move(next), ev);
  return 1;
}

void V2Reader::install(LoadedGeneration loaded, Event& ev) {
  cursors_.clear();
  frontier_.items().clear();
  gen_ = std::move(loaded.gen);
  position_ = gen_->inputEnd;
  decoded_ = std::move(loaded.decoded);
  silent_ = loaded.silent;
  syncs_ = loaded.ordinal - 1;  // a window's first generation keeps its number
  resolver_.setGeneration(gen_.get());
  nextSample_ = 0;
  for (const ExperimentalData& x : gen_->experimental) {
    experimental_.push_back({x.experiment == 1 ? "AllocFree" : "", x.m, x.data});
  }
  cursors_.reserve(gen_->ms.size());
  for (size_t i = 0; i < gen_->ms.size(); i++) cursors_.emplace_back(&decoded_->stream(i), gen_->ms[i]);
  for (DecodedCursor& c : cursors_) {
    if (c.first()) frontier_.push(&c);
  }
  syncs_++;
  makeSync(ev, gen_->toNs(gen_->minTs), gen_.get());
}

void V2Reader::makeSync(Event& ev, int64_t time, const Generation* g) {
  ev = syncEvent(time, syncs_);
  if (g && g->hasSnapshot) {
    ev.sync.hasSnapshot = true;
    ev.sync.snapshotTrace = g->toNs(g->snapTime);
    ev.sync.snapshotMono = g->snapMono;
    ev.sync.wallSeconds = int64_t(g->snapSec);
    ev.sync.wallNanos = int64_t(g->snapNsec);
  }
}

void V2Reader::sampleEvent(Event& ev) {
  const CpuSample& s = gen_->cpuSamples[nextSample_++];
  // Go does not check a sample's stack id; a missing stack means damage.
  if (!resolver_.hasStack(s.stack)) {
    throw Error(fmt::format("found invalid stack ID {} for CPU sample", s.stack), s.offset);
  }
  ev = Event();
  ev.kind = EventKind::StackSample;
  ev.time = s.time;
  ev.thread = s.m;
  ev.proc = s.p;
  ev.goroutine = s.g;
  ev.stack = resolver_.stackOrEmpty(s.stack);
}

}  // namespace gotrace::v2
