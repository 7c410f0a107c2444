#!/usr/bin/env bash
# docker-compose only (services kafka-setup and, profile production, kafka-cluster-setup; image apache/kafka): create
# the topics of topics.txt (mounted at /dibao/topics.txt) that do not exist yet, with REPLICATION_FACTOR (1) and
# MIN_INSYNC_REPLICAS (1). The native stack does the same in infra/local/lib/kafka.sh.
set -euo pipefail
: "${KAFKA_BOOTSTRAP:=kafka:29092}"
: "${TOPICS_FILE:=/dibao/topics.txt}"
topics="${KAFKA_TOPICS_BIN:-/opt/kafka/bin/kafka-topics.sh}"
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOPICS_FILE" | while read -r name partitions; do
  "$topics" --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists --topic "$name" \
    --partitions "${partitions:-3}" --replication-factor "${REPLICATION_FACTOR:-1}" \
    --config "min.insync.replicas=${MIN_INSYNC_REPLICAS:-1}"
done
"$topics" --bootstrap-server "$KAFKA_BOOTSTRAP" --list
