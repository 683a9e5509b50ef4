/** core/v1 Events written by controllers, as client-go's {@code EventRecorder} writes them. */
package dev.berth.controllers.events;
