/**
 * Everything the gateway relies on from Vert.x and Netty beyond Vert.x's public API: internal
 * types, Netty's channel pipeline and the names Vert.x gives its handlers, the cluster manager
 * behind a clustered Vert.x, the decoder's exceptions. A Vert.x upgrade that changes any of it
 * fails {@code VertxSeamContractTest}. Depends on no other package of the gateway; any may use it.
 */
package io.dssgateway.vertx;
