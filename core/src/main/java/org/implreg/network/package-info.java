/**
 * Small networks for the neural-network experiments of the seeds: the UDV layer of Hou, Sra and
 * Yurtsever with its SVD pruning, and a one-hidden-layer ReLU baseline.
 */
package org.implreg.network;
