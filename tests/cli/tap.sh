# tap.sh: a few TAP helpers shared by the copydesk-convert test scripts
#
# SPDX-License-Identifier: GPL-3.0-or-later

tap_count=0
tap_failed=0

# tap_result STATUS DESCRIPTION: one test line, passed when STATUS is 0.
tap_result ()
{
  status=$1
  shift
  tap_count=$((tap_count + 1))
  if [ "$status" -eq 0 ]; then
    echo "ok $tap_count - $*"
  else
    echo "not ok $tap_count - $*"
    tap_failed=$((tap_failed + 1))
  fi
}

# Runs the rest of the line as a check; prints its output as TAP comments
# when it fails.
check ()
{
  description=$1
  shift
  if output=$("$@" 2>&1); then
    tap_result 0 "$description"
  else
    tap_result 1 "$description"
    printf '%s\n' "$output" | sed 's/^/# /'
  fi
}

diag ()
{
  printf '%s\n' "$*" | sed 's/^/# /'
}

bail_out ()
{
  echo "Bail out! $*"
  exit 1
}

tap_finish ()
{
  echo "1..$tap_count"
  if [ "$tap_failed" -ne 0 ]; then
    exit 1
  fi
  exit 0
}
