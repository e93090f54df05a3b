/**
 * Internal access points between the packages of module {@code giambio.api}; not exported
 * (neither by {@code module-info} nor by the OSGi bundle), not API.
 */
package giambio.api.internal;
