package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.opts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ServiceAccount admission plugin ({@code spec/kubelet.md} §7.6), the TokenRequest
 * subresource and service-account token authentication.
 */
class ServiceAccountAdmissionTest {
  private final ServiceFixture f = new ServiceFixture();
  private final ResourceType serviceAccounts = f.type("", "serviceaccounts");

  private ObjectNode pod(String name, String spec) {
    return f.create(f.pods, json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},'spec':" + spec + "}"));
  }

  private void serviceAccount(String name, String extra) {
    f.create(serviceAccounts, json("{'metadata':{'name':'" + name + "'}" + extra + "}"));
  }

  private static String volumeName(JsonNode pod) {
    return pod.path("spec").path("volumes").path(0).path("name").asString("");
  }

  @Test
  void everyContainerGetsTheKubeApiAccessVolumeAsUpstreamShapesIt() {
    serviceAccount("default", "");
    ObjectNode p = pod("web", "{'initContainers':[{'name':'init','image':'x'}],'containers':[{'name':'a','image':'x'},"
        + "{'name':'b','image':'x'}]}");
    String volume = volumeName(p);
    assertThat(volume).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(p.path("spec").path("serviceAccountName").asString()).isEqualTo("default");
    assertThat(p.path("spec").path("volumes").path(0).toString()).isEqualTo(jsonNode("{'name':'" + volume + "','projected':{'sources':["
        + "{'serviceAccountToken':{'expirationSeconds':3607,'path':'token'}},"
        + "{'configMap':{'name':'kube-root-ca.crt','items':[{'key':'ca.crt','path':'ca.crt'}]}},"
        + "{'downwardAPI':{'items':[{'fieldRef':{'apiVersion':'v1','fieldPath':'metadata.namespace'},'path':'namespace'}]}}],"
        + "'defaultMode':420}}").toString());
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode c : p.path("spec").path(list)) {
        assertThat(c.path("volumeMounts")).as("mount in %s", c.path("name").asString())
            .isEqualTo(jsonNode("[{'name':'" + volume + "','readOnly':true,'mountPath':'/var/run/secrets/kubernetes.io/serviceaccount'}]"));
      }
    }
  }

  @Test
  void automountFalseOnThePodOrOnTheServiceAccountMountsNothing() {
    serviceAccount("quiet", ",'automountServiceAccountToken':false");
    assertThat(pod("a", "{'automountServiceAccountToken':false,'containers':[{'name':'c','image':'x'}]}")
        .path("spec").has("volumes")).isFalse();
    assertThat(pod("b", "{'serviceAccountName':'quiet','containers':[{'name':'c','image':'x'}]}").path("spec").has("volumes"))
        .as("the service account's false").isFalse();
    assertThat(volumeName(pod("c", "{'serviceAccountName':'quiet','automountServiceAccountToken':true,"
        + "'containers':[{'name':'c','image':'x'}]}"))).as("the pod's true wins").startsWith("kube-api-access-");
  }

  @Test
  void aContainerWithItsOwnMountThereKeepsIt() {
    ObjectNode p = pod("own", "{'volumes':[{'name':'mine','emptyDir':{}}],'containers':[{'name':'c','image':'x',"
        + "'volumeMounts':[{'name':'mine','mountPath':'/var/run/secrets/kubernetes.io/serviceaccount'}]}]}");
    assertThat(p.path("spec").path("volumes").size()).as("no container needs the volume").isEqualTo(1);
  }

  @Test
  void aMissingServiceAccountOtherThanDefaultIsForbidden() {
    ApiException e = apiError(() -> pod("x", "{'serviceAccountName':'ghost','containers':[{'name':'c','image':'x'}]}"));
    assertThat(e.code()).isEqualTo(403);
    assertThat(e.getMessage()).contains("error looking up service account default/ghost: serviceaccount \"ghost\" not found");
    assertThat(volumeName(pod("y", "{'containers':[{'name':'c','image':'x'}]}"))).as("default may come a moment later")
        .startsWith("kube-api-access-");
  }

  @Test
  void aTokenBoundToAPodAuthenticatesUntilItExpiresOrThePodIsGone() {
    serviceAccount("default", "");
    ObjectNode p = pod("web", "{'containers':[{'name':'c','image':'x'}]}");
    String uid = p.path("metadata").path("uid").asString();
    ObjectNode tr = f.service.requestToken("default", "default", json("{'spec':{'expirationSeconds':3607,"
        + "'boundObjectRef':{'kind':'Pod','apiVersion':'v1','name':'web','uid':'" + uid + "'}}}"));
    assertThat(tr.path("kind").asString()).isEqualTo("TokenRequest");
    assertThat(tr.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-01-01T01:00:07Z");
    assertThat(tr.path("spec").path("audiences")).isEqualTo(jsonNode("['https://kubernetes.default.svc.cluster.local']"));
    String token = tr.path("status").path("token").asString();
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(f.service.authenticateToken(token)).contains("system:serviceaccount:default:default");
    assertThat(f.service.authenticateToken(token.substring(0, token.length() - 2) + "AA")).as("bad signature").isEmpty();

    f.clock.advance(Duration.ofSeconds(3606));
    assertThat(f.service.authenticateToken(token)).as("a second before expiry").isPresent();
    f.clock.advance(Duration.ofSeconds(1));
    assertThat(f.service.authenticateToken(token)).as("expired").isEmpty();

    String fresh = f.service.requestToken("default", "default", json("{'spec':{'boundObjectRef':{'kind':'Pod','name':'web'}}}"))
        .path("status").path("token").asString();
    f.service.delete(f.pods, "default", "web", new io.fabric8.kubernetes.api.model.DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    assertThat(f.service.authenticateToken(fresh)).as("bound to a pod that is gone").isEmpty();
  }

  @Test
  void tokenRequestsAreCheckedAsUpstreamChecksThem() {
    serviceAccount("default", "");
    serviceAccount("other", "");
    pod("web", "{'containers':[{'name':'c','image':'x'}]}");
    assertThat(apiError(() -> f.service.requestToken("default", "nobody", json("{'spec':{}}"))).code()).isEqualTo(404);
    assertThat(apiError(() -> f.service.requestToken("default", "default", json("{'spec':{'expirationSeconds':599}}")))
        .getMessage()).contains("spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes");
    assertThat(apiError(() -> f.service.requestToken("default", "other", json("{'spec':{'boundObjectRef':{'kind':'Pod','name':'web'}}}")))
        .getMessage()).isEqualTo("cannot bind token for serviceaccount \"other\" to pod running with different serviceaccount name.");
    assertThat(apiError(() -> f.service.requestToken("default", "default", json("{'spec':{'boundObjectRef':{'kind':'Pod','name':'web',"
        + "'uid':'0000'}}}"))).code()).isEqualTo(409);
    String vault = f.service.requestToken("default", "default", json("{'spec':{'audiences':['vault']}}")).path("status")
        .path("token").asString();
    assertThat(f.service.authenticateToken(vault)).as("a token for another audience is not one for the API").isEmpty();
    String unbound = f.service.requestToken("default", "other", json("{'spec':{}}")).path("status").path("token").asString();
    assertThat(f.service.authenticateToken(unbound)).contains("system:serviceaccount:default:other");
    f.service.delete(serviceAccounts, "default", "other", null);
    assertThat(f.service.authenticateToken(unbound)).as("its service account is gone").isEmpty();
  }

  @Test
  void anotherServersKeyIsNotTrusted() {
    serviceAccount("default", "");
    ServiceFixture other = new ServiceFixture();
    other.create(other.type("", "serviceaccounts"), json("{'metadata':{'name':'default'}}"));
    String foreign = other.service.requestToken("default", "default", json("{'spec':{}}")).path("status")
        .path("token").asString();
    assertThat(f.service.authenticateToken(foreign)).isEmpty();
    assertThat(f.service.authenticateToken("not-a-jwt")).isEmpty();
  }
}
