// One pass, many consumers. An analysis that reads a trace front to back is
// an EventConsumer: it is given every event in order with the trace's
// tables, then told the trace has ended. readInto() feeds one reader's
// events to any number of them in a single pass.
#pragma once

#include <concepts>
#include <optional>

#include "gotrace/base/error.h"
#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

template <typename C>
concept EventConsumer = requires(C& consumer, const Event& ev, const TraceTables& tables) {
  consumer.add(ev, tables);
  consumer.finish();
};

// Reads `reader` to its end, giving each event to every consumer in the
// order they are listed, then finishes them all. A damaged trace: the
// consumers get everything before the damage and are finished too; the
// error, naming the reader's input, is returned.
template <EventConsumer... Consumers>
std::optional<Error> readInto(TraceReader& reader, Consumers&... consumers) {
  const TraceTables& tables = reader.tables();
  std::optional<Error> damage = readUntilDamage(reader, [&](const Event& ev) { (consumers.add(ev, tables), ...); });
  (consumers.finish(), ...);
  if (damage) damage->setFile(reader.inputName());
  return damage;
}

}  // namespace gotrace
