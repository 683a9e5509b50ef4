/**
 * What every namespace needs for in-cluster API access ({@code spec/kubelet.md} §7.6): the
 * {@code default} ServiceAccount ({@link dev.berth.controllers.serviceaccount.ServiceAccountsController},
 * upstream's serviceaccount controller) and the {@code kube-root-ca.crt} ConfigMap ({@link
 * dev.berth.controllers.serviceaccount.RootCaCertPublisher}, upstream's root-ca-cert-publisher),
 * which the ServiceAccount admission plugin's {@code kube-api-access-*} volume projects.
 */
package dev.berth.controllers.serviceaccount;
