package com.subscriptionreconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure the README's "How it works" describes, held by the build: no package cycles, a pure
 * planner, adapters that know nothing of the shells that drive them, and a report package every layer may use.
 * A cycle or a layer breach fails this test with the offending imports listed.
 */
@AnalyzeClasses(
    packages = "com.subscriptionreconciler",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.LambdaModuleOnly.class})
class ArchitectureTest {
  private static final String[] ADAPTERS = {
    "com.subscriptionreconciler.stripe..",
    "com.subscriptionreconciler.store..",
    "com.subscriptionreconciler.db..",
    "com.subscriptionreconciler.secrets.."
  };
  /** Every sub-package of run: one per stage of the pipeline, and the sequencer that calls them in order. */
  private static final String[] RUN_STAGES = {
    "com.subscriptionreconciler.run.sequence..",
    "com.subscriptionreconciler.run.lifecycle..",
    "com.subscriptionreconciler.run.collect..",
    "com.subscriptionreconciler.run.guard..",
    "com.subscriptionreconciler.run.apply..",
    "com.subscriptionreconciler.run.derive..",
    "com.subscriptionreconciler.run.rollback.."
  };
  private static final String[] SHELLS = {
    "com.subscriptionreconciler.run..",
    "com.subscriptionreconciler.app..",
    "com.subscriptionreconciler.cli..",
    "com.subscriptionreconciler.lambda..",
    "com.subscriptionreconciler.demo.."
  };

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("com.subscriptionreconciler.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule planImportsNoAdapter =
      noClasses().that().resideInAPackage("com.subscriptionreconciler.plan..")
          .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
          .because("the planner is a pure function of plain records");

  @ArchTest
  static final ArchRule planImportsNoShell =
      noClasses().that().resideInAPackage("com.subscriptionreconciler.plan..")
          .should().dependOnClassesThat().resideInAnyPackage(SHELLS)
          .orShould().dependOnClassesThat().resideInAPackage("com.subscriptionreconciler.report..")
          .because("the planner decides; running and reporting are the shell's business");

  @ArchTest
  static final ArchRule adaptersImportNoShell =
      noClasses().that().resideInAnyPackage(ADAPTERS)
          .should().dependOnClassesThat().resideInAnyPackage(SHELLS)
          .because("adapters read and write Stripe and MySQL for whichever shell drives them");

  @ArchTest
  static final ArchRule reportUsesNoOtherLayer =
      noClasses().that().resideInAPackage("com.subscriptionreconciler.report..")
          .should().dependOnClassesThat().resideOutsideOfPackages("com.subscriptionreconciler.report..", "java..",
              "com.fasterxml.jackson..")
          .because("every layer may use the report, so it may use none of them");

  @ArchTest
  static final ArchRule onlyTheShellsUseTheProductionWiring =
      noClasses().that().resideOutsideOfPackages("com.subscriptionreconciler.app..",
              "com.subscriptionreconciler.lambda..", "com.subscriptionreconciler.cli..",
              "com.subscriptionreconciler.demo..")
          .should().dependOnClassesThat().resideInAPackage("com.subscriptionreconciler.app..")
          .because("app wires the engine for the programs (Lambda, CLI, demo); the engine knows nothing of it");

  @ArchTest
  static final ArchRule everyPackageIsFreeOfCycles =
      slices().matching("com.subscriptionreconciler.(**)").should().beFreeOfCycles()
          .because("run's stages import what runs before them (collect before apply before derive), never after");

  @ArchTest
  static final ArchRule stagesNeverCallTheSequencer =
      noClasses().that().resideOutsideOfPackages("com.subscriptionreconciler.run.sequence..",
              "com.subscriptionreconciler.app..")
          .should().dependOnClassesThat().resideInAPackage("com.subscriptionreconciler.run.sequence..")
          .because("the stages are called by the sequencer and never call it back; only app wires it");

  @ArchTest
  static final ArchRule runsStagesAreRunsOwn =
      noClasses().that().resideOutsideOfPackages("com.subscriptionreconciler.run..",
              "com.subscriptionreconciler.app..")
          .should().dependOnClassesThat().resideInAnyPackage(RUN_STAGES)
          .because("callers see the Engine, the RunRequest and the report; how a run is staged is run's business");

  /** The stripe-emulator module shares the root package but is a separate program, not part of this one. */
  static final class LambdaModuleOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("stripe-emulator");
    }
  }
}
