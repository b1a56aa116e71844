#include "gotrace/trace/event_pipeline.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "gotrace/base/error.h"

namespace gotrace {

void pipeEvents(TraceReader& reader, const std::function<void(std::span<const Event>)>& consume) {
  constexpr size_t kBatch = 4096;
  constexpr size_t kQueued = 8;  // batches in flight: bounded memory
  std::mutex mu;
  std::condition_variable changed;
  // A batch is a full-size buffer and how many of its events are used:
  // buffers are never resized, so their events are not constructed again.
  struct Batch {
    std::vector<Event> events;
    size_t count = 0;
  };
  std::deque<Batch> full;
  std::vector<Batch> spare;
  bool finished = false;
  std::exception_ptr consumerFailure;

  std::thread consumer([&] {
    for (;;) {
      Batch batch;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return !full.empty() || finished; });
        if (full.empty()) return;
        batch = std::move(full.front());
        full.pop_front();
      }
      changed.notify_all();
      try {
        consume(std::span<const Event>(batch.events.data(), batch.count));
      } catch (...) {
        std::lock_guard lock(mu);
        consumerFailure = std::current_exception();
        finished = true;
        full.clear();
        changed.notify_all();
        return;
      }
      std::lock_guard lock(mu);
      spare.push_back(std::move(batch));
    }
  });

  std::optional<Error> failure;
  Batch batch;
  auto hand = [&] {
    std::unique_lock lock(mu);
    changed.wait(lock, [&] { return full.size() < kQueued || consumerFailure; });
    if (consumerFailure) return false;
    full.push_back(std::move(batch));
    if (!spare.empty()) {
      batch = std::move(spare.back());
      spare.pop_back();
    } else {
      batch = Batch{std::vector<Event>(kBatch), 0};
    }
    changed.notify_all();
    return true;
  };
  try {
    batch.events.resize(kBatch);
    for (;;) {
      // The reader writes straight into the batch.
      batch.count = reader.nextBatch(batch.events);
      if (batch.count == 0 || !hand()) break;
    }
  } catch (const Error& e) {
    failure = e;
  }

  {
    std::lock_guard lock(mu);
    finished = true;
  }
  changed.notify_all();
  consumer.join();
  if (consumerFailure) std::rethrow_exception(consumerFailure);
  if (failure) throw *failure;
}

}  // namespace gotrace
