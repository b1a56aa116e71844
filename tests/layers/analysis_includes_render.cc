// Compiled as part of the analysis layer: a header of a higher layer
// (render) must not be reachable, so this file must not compile.
#include "gotrace/render/event_text.h"

int layerProbeUpward() { return 0; }
