package io.dssgateway.hub;

import java.util.List;

/**
 * What a resume gets from a stream's replay buffer: the events after its cursor, and whether some
 * before them were already gone (seqs {@code missingFrom}..{@code missingTo}).
 */
record Replay(List<HubEvent> events, boolean gap, long missingFrom, long missingTo) {}
