<?php
/*
 * SimpleSAMLphp 1.19's www/saml2/idp/ArtifactResolutionService.php with one change: the SOAP
 * envelope is written as text around the signed ArtifactResponse.
 *
 * Why: the original hands the ArtifactResponse to \SAML2\SOAP::send(), which imports the signed
 * element into the envelope's DOM document. That import renames the "dsig:" prefix of the
 * encrypted assertion's KeyInfo to "ds:" (declared on the ArtifactResponse) AFTER the signature
 * was computed, so the exclusive canonical form changes and the ArtifactResponse signature no
 * longer verifies at any SP that checks it (python3-saml, xmlsec: "Signature is invalid").
 * Serialising the signed element as it is keeps the signed bytes intact.
 *
 * And a second one: the stored (unsigned) Response calls the XML-DSig namespace "dsig" in the
 * encrypted assertion's KeyInfo, while the assertion inside calls it "ds". Imported into the
 * ArtifactResponse, the "dsig" declaration moves up to the Response; an SP that decrypts with
 * python3-saml (lxml) then re-binds the decrypted assertion's signature to the first matching
 * prefix in scope, "dsig", which changes its canonical form, and the assertion signature fails.
 * One prefix for the namespace (renaming it in the unsigned outer Response only; the signed
 * assertion is ciphertext here) leaves nothing to re-bind.
 */

require_once('/usr/share/simplesamlphp/www/_include.php');

$config = \SimpleSAML\Configuration::getInstance();
if (!$config->getBoolean('enable.saml20-idp', false) || !\SimpleSAML\Module::isModuleEnabled('saml')) {
    throw new \SimpleSAML\Error\Error('NOACCESS');
}

$metadata = \SimpleSAML\Metadata\MetaDataStorageHandler::getMetadataHandler();
$idpEntityId = $metadata->getMetaDataCurrentEntityID('saml20-idp-hosted');
$idpMetadata = $metadata->getMetaDataConfig($idpEntityId, 'saml20-idp-hosted');

if (!$idpMetadata->getBoolean('saml20.sendartifact', false)) {
    throw new \SimpleSAML\Error\Error('NOACCESS');
}

$store = \SimpleSAML\Store::getInstance();
if ($store === false) {
    throw new Exception('Unable to send artifact without a datastore configured.');
}

$binding = new \SAML2\SOAP();
try {
    $request = $binding->receive();
} catch (Exception $e) {
    if ($e->getMessage() === 'Invalid message received to AssertionConsumerService endpoint.') {
        throw new \SimpleSAML\Error\Error('ARSPARAMS', $e, 400);
    }
    throw $e;
}
if (!($request instanceof \SAML2\ArtifactResolve)) {
    throw new Exception('Message received on ArtifactResolutionService wasn\'t a ArtifactResolve request.');
}

$issuer = $request->getIssuer();
\Webmozart\Assert\Assert::notNull($issuer);
$issuer = $issuer->getValue();
$spMetadata = $metadata->getMetaDataConfig($issuer, 'saml20-sp-remote');

$artifact = $request->getArtifact();

// One resolution per artifact: fetched and forgotten.
$responseData = $store->get('artifact', $artifact);
$store->delete('artifact', $artifact);

if ($responseData !== null) {
    $responseData = str_replace(
        ['xmlns:dsig="http://www.w3.org/2000/09/xmldsig#"', '<dsig:', '</dsig:'],
        ['xmlns:ds="http://www.w3.org/2000/09/xmldsig#"', '<ds:', '</ds:'],
        $responseData
    );
    $document = \SAML2\DOMDocumentFactory::fromString($responseData);
    $responseXML = $document->documentElement;
} else {
    $responseXML = null;
}

$artifactResponse = new \SAML2\ArtifactResponse();

$issuer = new \SAML2\XML\saml\Issuer();
$issuer->setValue($idpEntityId);
$artifactResponse->setIssuer($issuer);

$artifactResponse->setInResponseTo($request->getId());
$artifactResponse->setAny($responseXML);
\SimpleSAML\Module\saml\Message::addSign($idpMetadata, $spMetadata, $artifactResponse);

$signed = $artifactResponse->toSignedXML();
header('Content-Type: text/xml; charset=utf-8', true);
echo '<?xml version="1.0" encoding="utf-8"?>'
    . '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">'
    . '<SOAP-ENV:Header/><SOAP-ENV:Body>'
    . $signed->ownerDocument->saveXML($signed)
    . '</SOAP-ENV:Body></SOAP-ENV:Envelope>';
