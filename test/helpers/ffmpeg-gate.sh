#!/bin/sh
# ffmpeg with a gate, for tests that must act while a media job's ffmpeg runs (issue 17).
# Set KASUS_FFMPEG to this file and KASUS_TEST_FFMPEG_GATE to a directory. While the directory holds
# a file `armed`, each run creates `waiting` and does not go on until the test creates `go`: the job
# that started it is certain to be running meanwhile. `armed` holding "before" holds ffmpeg before it
# reads its input, otherwise after it has done its work (before it exits). Unarmed, it is ffmpeg.
gate="${KASUS_TEST_FFMPEG_GATE:-}"
if [ -z "$gate" ] || [ ! -e "$gate/armed" ]; then exec ffmpeg "$@"; fi
hold() {
  : > "$gate/waiting"
  while [ ! -e "$gate/go" ]; do sleep 0.02; done
}
if [ "$(cat "$gate/armed")" = "before" ]; then
  hold
  exec ffmpeg "$@"
fi
ffmpeg "$@"
rc=$?
hold
exit $rc
