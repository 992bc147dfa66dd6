<?php
/*
 * The service provider the dev IdP answers: written by eurzad.devservices.simplesamlphp's
 * register_sp() (SimpleSAMLphp reads this file on every request, so a new registration takes
 * effect at once). A template; its {{ ... }} values are PHP literals.
 */

$metadata[{{ entity_id }}] = {{ sp }};
