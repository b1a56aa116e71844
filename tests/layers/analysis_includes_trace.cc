// Compiled as part of the analysis layer: a header of a lower layer (trace)
// is reachable. The control for analysis_includes_render.cc.
#include "gotrace/trace/event.h"

int layerProbeAllowed() { return int(gotrace::EventKind::Sync); }
