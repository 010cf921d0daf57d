#!/usr/bin/env bash
# Runs each argument as a command at the same time, prints each one's output whole once it ends (in the order given),
# and fails when any failed. `npm test` uses it for the checks that do not depend on each other (lint, typecheck,
# build): on CI's two cores they overlap each other's I/O and single-threaded phases instead of queueing.
set -uo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pids=()
n=0
for cmd in "$@"; do
  bash -c "$cmd" >"$dir/$n.log" 2>&1 &
  pids+=($!)
  n=$((n + 1))
done
status=0
n=0
for cmd in "$@"; do
  if wait "${pids[$n]}"; then
    echo "── $cmd: ok"
  else
    echo "── $cmd: FAILED"
    status=1
  fi
  cat "$dir/$n.log"
  n=$((n + 1))
done
exit $status
