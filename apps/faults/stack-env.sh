# shellcheck shell=bash
# The fault tests' own stack: PostgreSQL, Temporal and Kafka beside the default one (which other engineers'
# tests and the running system use, and which these tests must never stop), with shifted ports and its state
# in .local/stacks/faults. Built and downloaded artefacts (.local/bin/temporal, .local/kafka/libs) are shared.
#   source apps/faults/stack-env.sh     (then infra/local/up.sh, down.sh and status.sh act on this stack)
# Each setting can be overridden with its DIBAO_FAULTS_* variable; the plain DIBAO_* variables of the shell
# are ignored on purpose, so a shell set up for the default stack never points the fault tests at it.

_dibao_faults_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
export DIBAO_STATE_DIR="${DIBAO_FAULTS_STATE_DIR:-.local/stacks/faults}"
export DIBAO_PG_PORT="${DIBAO_FAULTS_PG_PORT:-57432}"
export DIBAO_TEMPORAL_PORT="${DIBAO_FAULTS_TEMPORAL_PORT:-7533}"
export DIBAO_TEMPORAL_UI_PORT="${DIBAO_FAULTS_TEMPORAL_UI_PORT:-8533}"
export DIBAO_KAFKA_PORT="${DIBAO_FAULTS_KAFKA_PORT:-9292}"
export DIBAO_KAFKA_CONTROLLER_PORT="${DIBAO_FAULTS_KAFKA_CONTROLLER_PORT:-19293}"
# base64url of the 16 bytes "dibao-faults-kfk": another cluster than the default stack's
export DIBAO_KAFKA_CLUSTER_ID="${DIBAO_FAULTS_KAFKA_CLUSTER_ID:-ZGliYW8tZmF1bHRzLWtmaw}"
# The apps of the fault tests listen on their usual port + this (3000 -> 7000 ... 3004 -> 7004; not 6000: fetch refuses that port).
export DIBAO_FAULTS_APP_PORT_OFFSET="${DIBAO_FAULTS_APP_PORT_OFFSET:-4000}"
# Stop quickly: the stack is the tests' own and is started again from its state next time.
export DIBAO_STOP_TIMEOUT="${DIBAO_FAULTS_STOP_TIMEOUT:-20}"
unset TEMPORAL_NAMESPACE
# shellcheck source=infra/local/env.sh
source "$_dibao_faults_dir/../../infra/local/env.sh"
unset _dibao_faults_dir
# What the fault tests check before they stop anything: they run only against this stack.
export DIBAO_FAULTS_STACK=1
