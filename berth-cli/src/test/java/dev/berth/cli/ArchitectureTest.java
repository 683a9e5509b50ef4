package dev.berth.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Maven's module arrows cannot say (STYLE.md "Layout that shows the architecture"):
 * controllers, the cluster DNS, the service proxy and the client never reach into the HTTP layer or the store, the API model depends
 * on nothing of ours, and only the clock package reads the wall clock.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void controllersUseTheApiClientOnly() {
    noClasses().that().resideInAPackage("dev.berth.controllers..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.apiserver..", "dev.berth.store..", "io.netty..", "java.net.http..")
        .check(classes);
  }

  @Test
  void theClusterDnsUsesTheApiClientOnly() {
    noClasses().that().resideInAPackage("dev.berth.dns..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.apiserver..", "dev.berth.store..", "dev.berth.controllers..",
            "dev.berth.node..", "dev.berth.cli..", "io.netty..", "java.net.http..")
        .check(classes);
  }

  @Test
  void theServiceProxyUsesTheApiClientOnly() {
    noClasses().that().resideInAPackage("dev.berth.proxy..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.apiserver..", "dev.berth.store..", "dev.berth.controllers..",
            "dev.berth.node..", "dev.berth.dns..", "dev.berth.cli..", "io.netty.handler.codec.http..", "java.net.http..")
        .check(classes);
  }

  @Test
  void theClientKnowsNoServerInternals() {
    noClasses().that().resideInAPackage("dev.berth.client..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.apiserver..", "dev.berth.store..", "dev.berth.controllers..", "io.netty..")
        .check(classes);
  }

  @Test
  void theApiModelDependsOnNothingOfOurs() {
    noClasses().that().resideInAPackage("dev.berth.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.store..", "dev.berth.client..", "dev.berth.apiserver..",
            "dev.berth.controllers..", "dev.berth.cli..")
        .check(classes);
  }

  @Test
  void onlyTheApiServerTouchesTheStore() {
    noClasses().that().resideOutsideOfPackages("dev.berth.store..", "dev.berth.apiserver..", "dev.berth.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.store..")
        .check(classes);
  }

  @Test
  void noWallClockOutsideTheClockPackage() {
    noClasses().that().resideOutsideOfPackage("dev.berth.api.time..")
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.ZonedDateTime.class, "now")
        .check(classes);
  }
}
