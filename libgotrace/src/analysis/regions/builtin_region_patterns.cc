// The built-in region recognizers, in the pattern language users write their
// own in (regiongraph -show-patterns prints this text).
#include "gotrace/analysis/regions/region_patterns.h"

namespace gotrace {

std::string_view RegionPatterns::builtinText() {
  return R"PATTERNS(# gotrace's built-in region patterns. Stack specs run from the root frame to
# the leaf; "**" stands for any frames, and "." in a regexp for the
# punctuation of names like net/http.(*conn).serve.

# An HTTP/1.x request being written by the transport's writer goroutine.
region client/http_write
  stack W "^net/http...persistConn..writeLoop$" "^net/http...Request..write$" "**"
  stack W "^net/http...persistConn..writeLoop$" "**" "^net/http.persistConnWriter.Write$" "**"
  activate  W
  keepalive not end and (nostack or W)
  single

# The transport's reader goroutine reading a response.
region client/http_read
  stack R "^net/http...persistConn..readLoop$" "**" "^net/http...persistConn..Read$" "**"
  activate  R
  keepalive nostack or R
  single

# A goroutine inside Transport.RoundTrip: an outbound request. It ends at
# the last event that shows RoundTrip (or resumes the goroutine in it).
region client/http_roundtrip
  stack T "**" "^net/http...Transport..RoundTrip$" "**"
  activate  T
  keepalive nostack or T
  critical  start or T
  outer

# The goroutine dialing a new connection for a transport (Go 1.22 put a
# closure around dialConnFor). A dial goroutine that finds its request
# already served gives up before dialing: it is left out.
region client/http_dial
  stack D "^net/http...Transport..dialConnFor$" "**"
  stack D "^net/http...Transport..startDialConnForLocked.func1$" "^net/http...Transport..dialConnFor$" "**"
  stack DIALING "^net/http...Transport..dialConnFor$" "^net/http...Transport..dialConn$" "**"
  stack DIALING "^net/http...Transport..startDialConnForLocked.func1$" "^net/http...Transport..dialConnFor$" "^net/http...Transport..dialConn$" "**"
  activate  D
  keepalive nostack or D
  require   DIALING
  flush-at-end

# A DNS lookup done for a dial: the goroutine that concurrent lookups of one
# name share, until it ends.
region client/http_dns
  stack N ".*" "^net...Resolver..lookupIPAddr.func1$" "**"
  activate  N
  keepalive always
  flush-at-end
  shared

# A TLS client handshake that got as far as the server's certificate
# (handshakes abandoned before that, as transports before Go 1.23 abandon
# unneeded dials, are left out).
region client/tls_handshake
  stack H "**" "^crypto/tls...Conn..clientHandshake$" "**"
  stack CERT "**" "^crypto/tls...clientHandshakeState(TLS13)?..(readServerCertificate|doFullHandshake)$" "**"
  activate  H
  keepalive nostack or H
  require   CERT
  single

# An inbound HTTP/1.x request on a server connection's goroutine: reading it
# (or waiting for it on a kept-alive connection), writing the response, and
# serving it, in between. A request that arrived with the TLS handshake, or
# while the previous response was being written, is read from a buffer
# without a trace event: it is served from the end of that handshake or
# response.
region server/tls_handshake
  stack SH "^net/http...conn..serve$" "**" "^crypto/tls...Conn..serverHandshake$" "**"
  activate  SH
  keepalive nostack or SH
  critical  stack
  single

region server/http_read
  stack SR "^net/http...conn..serve$" "^net/http...conn..readRequest$" "**"
  stack SR "^net/http...conn..serve$" "^bufio...Reader..Peek$" "**"
  activate  SR
  keepalive nostack or SR
  critical  stack
  single

region server/http_write
  stack SW "^net/http...conn..serve$" "^net/http...response..finishRequest$" "**"
  activate  SW
  keepalive nostack or SW
  critical  stack or start
  single

region server/http after server/http_read server/tls_handshake server/http_write before server/http_write

# The HTTP/1.x server's background reader watches the connection while a
# request is served; it does not work for the request.
nocause "^net/http...conn..serve$" "**" "^net/http...connReader..startBackgroundRead$"

# The test harness of a `go test` binary: a test ending wakes its parent or
# main.main (testing.tRunner's deferred completion), a test starts its
# subtests (testing.(*T).Run), and main.main starts one test after another
# (testing.(*M).Run). None of that works for the regions that ran before.
nocause "^testing.tRunner$" "^testing.tRunner.func1$" "**"
nocause "^testing.tRunner$" "**" "^testing...T..Run$" "**"
nocause "^main.main$" "^testing...M..Run$" "**"
)PATTERNS";
}

}  // namespace gotrace
